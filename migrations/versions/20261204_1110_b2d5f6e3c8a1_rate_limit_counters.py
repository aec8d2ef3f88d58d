"""rate limit counters

Revision ID: b2d5f6e3c8a1
Revises: a1c4e5d2b7f0
Create Date: 2026-12-04 11:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'b2d5f6e3c8a1'
down_revision = 'a1c4e5d2b7f0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rate-limit counters shared by every worker and server. On PostgreSQL they
    # live here; on SQLite the app keeps them in a file beside the database, so
    # a request holding the database's write lock never waits on itself.
    op.create_table(
        'rate_limit_counter',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counter')),
    )
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_rate_limit_counter_expires_at'), ['expires_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counter_expires_at'))
    op.drop_table('rate_limit_counter')
