"""exercise answers

Revision ID: d4f7b8a5e0c3
Revises: c3e6a7f4d9b2
Create Date: 2026-12-04 13:01:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "d4f7b8a5e0c3"
down_revision = "c3e6a7f4d9b2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A lesson's exercises, rendered at sync; texts synced before this have
    # none until the next sync.
    with op.batch_alter_table("lesson_text", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("exercises_json", sa.Text(), nullable=False, server_default="[]")
        )
    # A learner's own answer to an exercise, saved before the model answer shows.
    op.create_table(
        "exercise_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("exercise_key", sa.String(length=100), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lesson.id"],
            name=op.f("fk_exercise_answer_lesson_id_lesson"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_exercise_answer_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_answer")),
        sa.UniqueConstraint(
            "person_id",
            "lesson_id",
            "exercise_key",
            name=op.f("uq_exercise_answer_person_id_lesson_id_exercise_key"),
        ),
    )
    with op.batch_alter_table("exercise_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exercise_answer_lesson_id"), ["lesson_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("exercise_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercise_answer_lesson_id"))
    op.drop_table("exercise_answer")
    with op.batch_alter_table("lesson_text", schema=None) as batch_op:
        batch_op.drop_column("exercises_json")
