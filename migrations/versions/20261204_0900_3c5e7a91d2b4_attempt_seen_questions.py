"""attempt seen questions

Revision ID: 3c5e7a91d2b4
Revises: 3f6c2a9d81b4
Create Date: 2026-12-04 09:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '3c5e7a91d2b4'
down_revision = '3f6c2a9d81b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Attempts started before this column keep NULL: they replay their draw
    # without a seen set, exactly as they were drawn.
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_json', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('seen_json')
