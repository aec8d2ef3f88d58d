"""Question-bank versions, attempts and their saved answers.

A quiz set is the text of every bank file of a course at one sync; attempts
point at the set they were started on, so an attempt can be replayed and
graded on exactly the questions it showed, whatever is synced later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime


class QuizSet(Base):
    __tablename__ = "quiz_set"
    __table_args__ = (UniqueConstraint("course_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(64))
    # Read only when the set is parsed (lms.quiz.store.bank_sets caches that).
    files_json: Mapped[str] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CourseQuizzes(Base):
    """Which quiz set a course currently serves."""

    __tablename__ = "course_quizzes"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    quiz_set_id: Mapped[int] = mapped_column(ForeignKey("quiz_set.id"))


class Attempt(Base):
    __tablename__ = "attempt"
    __table_args__ = (UniqueConstraint("person_id", "course_id", "bank_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What URLs carry: random, so attempts cannot be guessed or enumerated.
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    bank_id: Mapped[str] = mapped_column(String(100))
    number: Mapped[int] = mapped_column(Integer)
    quiz_set_id: Mapped[int] = mapped_column(ForeignKey("quiz_set.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2))
    seed: Mapped[int] = mapped_column(Integer)
    # Exam attempts: JSON list of the question ids the person had been shown
    # when it started; its draw prefers the others. None: drawn without that.
    seen_json: Mapped[str | None] = mapped_column(Text)
    # Hex of a random 256-bit key for the attempt page's opaque ids; never sent
    # to the browser. NULL for attempts started before it existed.
    page_key: Mapped[str | None] = mapped_column(String(64))
    # Counts the accepted saves: the attempt page sends the revision it shows,
    # and a save or submit from a page that is behind (another tab saved since)
    # is refused instead of overwriting answers the learner did not see.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_by: Mapped[str | None] = mapped_column(String(16))  # learner | deadline
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float | None] = mapped_column(Float)
    percent: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)

    answers: Mapped[list[AttemptAnswer]] = relationship(
        cascade="all, delete-orphan", order_by="AttemptAnswer.question_id"
    )


class AttemptAnswer(Base):
    __tablename__ = "attempt_answer"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    response_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float | None] = mapped_column(Float)
