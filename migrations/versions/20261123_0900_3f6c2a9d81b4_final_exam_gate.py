"""final exam gate: what a learner finishes before the final exam opens

Revision ID: 3f6c2a9d81b4
Revises: feadef5199e9
Create Date: 2026-11-23 09:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '3f6c2a9d81b4'
down_revision = 'feadef5199e9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Courses synced before the gate existed get the default: lessons and quizzes.
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exam_after_lessons', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('exam_after_module_quizzes', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('exam_after_module_quizzes')
        batch_op.drop_column('exam_after_lessons')
