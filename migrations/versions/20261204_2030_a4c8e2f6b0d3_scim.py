"""scim provisioning: token kind, person's SCIM userName, directory groups

Revision ID: a4c8e2f6b0d3
Revises: f3b7d5c9e1a8
Create Date: 2026-12-04 20:30:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op



revision = 'a4c8e2f6b0d3'
down_revision = 'f3b7d5c9e1a8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kind', sa.String(length=8), server_default='api', nullable=False)
        )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scim_user_name', sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column('scim_deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_person_scim_user_name'), ['scim_user_name']
        )
    op.create_table(
        'scim_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('external_id', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scim_group')),
        sa.UniqueConstraint('display_name', name=op.f('uq_scim_group_display_name')),
        sa.UniqueConstraint('public_id', name=op.f('uq_scim_group_public_id')),
    )
    op.create_table(
        'scim_group_member',
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['group_id'], ['scim_group.id'],
            name=op.f('fk_scim_group_member_group_id_scim_group'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['person.id'],
            name=op.f('fk_scim_group_member_person_id_person'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('group_id', 'person_id', name=op.f('pk_scim_group_member')),
    )
    op.create_index(
        op.f('ix_scim_group_member_person_id'), 'scim_group_member', ['person_id']
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_scim_group_member_person_id'), table_name='scim_group_member')
    op.drop_table('scim_group_member')
    op.drop_table('scim_group')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_person_scim_user_name'), type_='unique')
        batch_op.drop_column('scim_deleted_at')
        batch_op.drop_column('scim_user_name')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('kind')
