"""count message tokens

Revision ID: 5e9a3b7c2d18
Revises: 2b6f0e4d9a31
Create Date: 2025-02-10 11:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "5e9a3b7c2d18"
down_revision = "2b6f0e4d9a31"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("messages", sa.Column("token_count", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("messages", "token_count")
