"""seed the system user
and backfill the welcome events \
of existing users

This is a hand-written data migration: it only writes data, with op.bulk_insert and
op.execute, so it also runs offline (alembic upgrade --sql).

Revision ID: 7f2c5d9e4b10
Revises: 6a0b4c8d3e27
Create Date: 2025-02-20 14:12:45.000001

"""
from alembic import op
import sqlalchemy as sa

revision = r"7f2c5d9e4b10"
down_revision = u"6a0b4c8d3e27"
branch_labels = ()
depends_on = []

users = sa.table(
    "users",
    sa.column("username", sa.String),
    sa.column("email", sa.String),
    sa.column("hashed_password", sa.String),
    sa.column("is_active", sa.Boolean),
)


def upgrade():
    op.bulk_insert(
        users,
        [
            {"username": "system", "email": "system@dragonai.local", "hashed_password": "!", "is_active": False},
        ],
    )
    op.execute(
        "INSERT INTO analytics_events (user_id, event_type, payload) "
        "SELECT id, 'welcome', '{\"source\": \"backfill\"}'::jsonb FROM users WHERE username <> 'system'"
    )


def downgrade():
    op.execute("DELETE FROM analytics_events WHERE event_type = 'welcome' AND payload->>'source' = 'backfill'")
    op.execute("DELETE FROM users WHERE username = 'system'")
