"""refreshers

Revision ID: f3b7d9e1a5c2
Revises: a4c8e2f6b0d3
Create Date: 2026-12-04 20:30:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'f3b7d9e1a5c2'
down_revision = 'a4c8e2f6b0d3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A course's `refresher:` settings as JSON; "" for a course without one.
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('refresher_json', sa.Text(), server_default='', nullable=False)
        )
    op.create_table(
        'refresher_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=False),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('questions_json', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_refresher_session_course_id_course'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_refresher_session_person_id_person'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_refresher_session')),
        sa.UniqueConstraint('person_id', 'course_id', 'due_on', name=op.f('uq_refresher_session_person_id_course_id_due_on')),
        sa.UniqueConstraint('public_id', name=op.f('uq_refresher_session_public_id')),
    )
    with op.batch_alter_table('refresher_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresher_session_person_id'), ['person_id'], unique=False)
    op.create_table(
        'refresher_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('question_key', sa.String(length=200), nullable=False),
        sa.Column('topic', sa.String(length=100), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('response', sa.Text(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['refresher_session.id'], name=op.f('fk_refresher_answer_session_id_refresher_session'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_refresher_answer')),
        sa.UniqueConstraint('session_id', 'question_key', name=op.f('uq_refresher_answer_session_id_question_key')),
    )
    op.create_table(
        'refresher_box',
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('question_key', sa.String(length=200), nullable=False),
        sa.Column('box', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_refresher_box_course_id_course'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_refresher_box_person_id_person'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('person_id', 'course_id', 'question_key', name=op.f('pk_refresher_box')),
    )
    op.create_table(
        'refresher_opt_out',
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_refresher_opt_out_person_id_person'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_refresher_opt_out')),
    )


def downgrade() -> None:
    op.drop_table('refresher_opt_out')
    op.drop_table('refresher_box')
    op.drop_table('refresher_answer')
    with op.batch_alter_table('refresher_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresher_session_person_id'))
    op.drop_table('refresher_session')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('refresher_json')
