"""person invited at

Revision ID: a7c1e9d3b5f2
Revises: f6b9d0c7a2e5
Create Date: 2026-12-04 14:01:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'a7c1e9d3b5f2'
down_revision = 'f6b9d0c7a2e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # When the person's latest invitation (a set-password link by e-mail or
    # handed over as a file) went out; people created before have none.
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('invited_at')
