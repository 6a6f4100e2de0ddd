"""add avatar field to users

Revision ID: 1975ea83b712
Revises: c527ba0bc760
Create Date: 2025-01-15 16:02:11.204871

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "1975ea83b712"
down_revision: Union[str, None] = "c527ba0bc760"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("avatar", sa.String(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "avatar")
