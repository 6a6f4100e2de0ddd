"""create audit schema

Revision ID: 8d3e6f0a5c21
Revises: 
Create Date: 2025-03-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "8d3e6f0a5c21"
down_revision = None
branch_labels = ("audit",)
depends_on = "c527ba0bc760"


def upgrade():
    op.execute("CREATE SCHEMA audit")
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        schema="audit",
    )


def downgrade():
    op.drop_table("events", schema="audit")
    op.execute("DROP SCHEMA audit")
