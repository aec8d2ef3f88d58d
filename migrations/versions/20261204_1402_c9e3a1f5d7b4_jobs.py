"""jobs

Revision ID: c9e3a1f5d7b4
Revises: a7c1e9d3b5f2
Create Date: 2026-12-04 14:02:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'c9e3a1f5d7b4'
down_revision = 'a7c1e9d3b5f2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Background jobs (lms/jobs): the queue (Huey) carries only a job's id;
    # its owner, progress, failure message and result file live here.
    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=200), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('idempotency_key', sa.String(length=64), nullable=False),
        sa.Column('params_json', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('runs', sa.Integer(), nullable=False),
        sa.Column('message_json', sa.Text(), nullable=True),
        sa.Column('worker', sa.String(length=200), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('result', sa.LargeBinary(), nullable=True),
        sa.Column('result_name', sa.String(length=255), nullable=True),
        sa.Column('result_type', sa.String(length=100), nullable=True),
        sa.Column('result_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['owner_id'],
            ['person.id'],
            name=op.f('fk_job_owner_id_person'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
        sa.UniqueConstraint(
            'owner_id', 'idempotency_key', name=op.f('uq_job_owner_id_idempotency_key')
        ),
        sa.UniqueConstraint('public_id', name=op.f('uq_job_public_id')),
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_state'))
        batch_op.drop_index(batch_op.f('ix_job_owner_id'))
    op.drop_table('job')
