"""dashboard figures

Revision ID: af29a5cc874e
Revises: f3b7d9e1a5c2
Create Date: 2026-12-04 23:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'af29a5cc874e'
down_revision = 'f3b7d9e1a5c2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The HR dashboard's last counted figures per language, in the database so
    # that every web worker and server shows the same ones; a background job
    # (lms/jobs) counts them again after a change.
    op.create_table(
        'dashboard_figures',
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('counted_for', sa.Date(), nullable=False),
        sa.Column('figures_json', sa.Text(), nullable=False),
        sa.Column('fingerprint', sa.String(length=200), nullable=False),
        sa.Column('counted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=True),
        sa.Column('asked_for', sa.String(length=220), nullable=True),
        sa.ForeignKeyConstraint(
            ['job_id'],
            ['job.id'],
            name=op.f('fk_dashboard_figures_job_id_job'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('language', name=op.f('pk_dashboard_figures')),
    )


def downgrade() -> None:
    op.drop_table('dashboard_figures')
