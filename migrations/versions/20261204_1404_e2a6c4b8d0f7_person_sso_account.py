"""person sso account

Revision ID: e2a6c4b8d0f7
Revises: d1f5b3a7c9e6
Create Date: 2026-12-04 14:04:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'e2a6c4b8d0f7'
down_revision = 'd1f5b3a7c9e6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The OpenID Provider's account (issuer and subject) that logs in as a
    # person; people who never used single sign-on have none.
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sso_issuer', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_person_sso_issuer_sso_subject'), ['sso_issuer', 'sso_subject']
        )


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_person_sso_issuer_sso_subject'), type_='unique')
        batch_op.drop_column('sso_subject')
        batch_op.drop_column('sso_issuer')
