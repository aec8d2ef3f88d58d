"""revocation reason public

Revision ID: d1f5b3a7c9e6
Revises: c9e3a1f5d7b4
Create Date: 2026-12-04 14:03:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'd1f5b3a7c9e6'
down_revision = 'c9e3a1f5d7b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # HR may choose to show a revocation's reason on the public verify page;
    # reasons given before stay private.
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'revoked_reason_public',
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('revoked_reason_public')
