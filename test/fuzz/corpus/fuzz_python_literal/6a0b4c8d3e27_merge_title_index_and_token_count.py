"""merge title index and token count

Revision ID: 6a0b4c8d3e27
Revises: 4c1d8e2f7a90, 5e9a3b7c2d18
Create Date: 2025-02-11 08:00:00.000000

"""

revision = "6a0b4c8d3e27"
down_revision = (
    "4c1d8e2f7a90",  # title index
    "5e9a3b7c2d18",  # token count
)
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
