"""lesson objectives

Revision ID: f6b9d0c7a2e5
Revises: e5a8c9b6f1d4
Create Date: 2026-12-04 13:03:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'f6b9d0c7a2e5'
down_revision = 'e5a8c9b6f1d4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A lesson's learning objectives in each language, as a JSON list of
    # phrases; lessons synced before have none until the next sync.
    with op.batch_alter_table('lesson_text', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'objectives_json', sa.Text(), nullable=False, server_default='[]'
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('lesson_text', schema=None) as batch_op:
        batch_op.drop_column('objectives_json')
