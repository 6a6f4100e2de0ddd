"""Add billing branch

Revision ID: 3f9a2b1c0d4e
Revises:
Create Date: 2024-05-01 12:00:00.123456

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = '3f9a2b1c0d4e'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = ('billing',)
depends_on: Union[str, Sequence[str], None] = ['c527ba0bc760', "auth"]


def upgrade() -> None:
    op.create_table("invoices", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("invoices")
