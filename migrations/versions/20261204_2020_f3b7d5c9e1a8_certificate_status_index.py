"""certificate status index

Revision ID: f3b7d5c9e1a8
Revises: e2a6c4b8d0f7
Create Date: 2026-12-04 20:20:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'f3b7d5c9e1a8'
down_revision = 'e2a6c4b8d0f7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each certificate's bit in the revocation status list of its Open Badges
    # credential (lms.badges). Certificates issued before take their id.
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_index', sa.Integer(), nullable=True))
    op.execute('UPDATE certificate SET status_index = id')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f('uq_certificate_status_index'), ['status_index']
        )


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_certificate_status_index'), type_='unique')
        batch_op.drop_column('status_index')
