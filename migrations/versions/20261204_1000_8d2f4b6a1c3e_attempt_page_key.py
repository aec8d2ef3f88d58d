"""attempt page key

Revision ID: 8d2f4b6a1c3e
Revises: 3c5e7a91d2b4
Create Date: 2026-12-04 10:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '8d2f4b6a1c3e'
down_revision = '3c5e7a91d2b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A random 256-bit key per attempt for the attempt page's opaque ids.
    # Attempts started before it keep NULL and derive their ids from the seed.
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_key', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('page_key')
