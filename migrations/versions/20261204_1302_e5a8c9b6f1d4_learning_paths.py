"""learning paths

Revision ID: e5a8c9b6f1d4
Revises: d4f7b8a5e0c3
Create Date: 2026-12-04 13:02:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'e5a8c9b6f1d4'
down_revision = 'd4f7b8a5e0c3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A course's paths from course.md (JSON list; "[]": one implicit path).
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('paths_json', sa.Text(), nullable=False, server_default='[]')
        )
    # HR's choice of path; NULL: by the person's department (course setting).
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('path', sa.String(length=50), nullable=True))
    with op.batch_alter_table('assignment_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('path', sa.String(length=50), nullable=True))
    # The path a certificate was earned on; NULL: the whole course.
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('path_id', sa.String(length=50), nullable=True))
        batch_op.add_column(
            sa.Column('path_title', sa.String(length=300), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('path_title')
        batch_op.drop_column('path_id')
    with op.batch_alter_table('assignment_rule', schema=None) as batch_op:
        batch_op.drop_column('path')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('path')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('paths_json')
