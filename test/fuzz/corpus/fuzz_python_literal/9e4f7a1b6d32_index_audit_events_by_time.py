"""index audit events by time

Revision ID: 9e4f7a1b6d32
Revises: 8d3e6f0a5c21
Create Date: 2025-03-02 09:00:00.000000

"""
from alembic import op

revision = "9e4f7a1b6d32"
down_revision = "8d3e6f0a5c21"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_audit_events_occurred_at",
            "events",
            ["occurred_at"],
            schema="audit",
            postgresql_concurrently=True,
        )


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_audit_events_occurred_at", table_name="events", schema="audit", postgresql_concurrently=True)
