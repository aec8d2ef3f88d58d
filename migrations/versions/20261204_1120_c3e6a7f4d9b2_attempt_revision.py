"""attempt revision

Revision ID: c3e6a7f4d9b2
Revises: b2d5f6e3c8a1
Create Date: 2026-12-04 11:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'c3e6a7f4d9b2'
down_revision = 'b2d5f6e3c8a1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The number of accepted saves of an attempt: a save or submit from a page
    # showing an older revision (another tab saved since) is refused.
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('revision', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('revision')
