"""index conversation titles

Revision ID: 4c1d8e2f7a90
Revises: 2b6f0e4d9a31
Create Date: 2025-02-10 11:00:00.000000

"""
from alembic import op

revision = "4c1d8e2f7a90"
down_revision = "2b6f0e4d9a31"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_conversations_title"), "conversations", ["title"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_conversations_title"), table_name="conversations")
