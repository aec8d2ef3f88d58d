"""A learner's own answers to the exercises of a lesson, kept with their progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UtcDateTime


class ExerciseAnswer(Base):
    """The latest answer of a person to one exercise; saving again replaces it.

    ``exercise_key`` is the slug of the exercise's title in the lesson's
    original file, the same in every language.
    """

    __tablename__ = "exercise_answer"
    __table_args__ = (UniqueConstraint("person_id", "lesson_id", "exercise_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), index=True
    )
    exercise_key: Mapped[str] = mapped_column(String(100))
    choice: Mapped[int | None] = mapped_column(Integer)  # option index, from 0
    text: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)
