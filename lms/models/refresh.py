"""Refreshers: the sessions a person is given, their answers, the person's Leitner
box per question, and who opted out of refresher e-mails."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UtcDateTime, utcnow


class RefresherSession(Base):
    """One refresher of a person and course, due on a day; made once per day
    (the unique constraint), its questions drawn from ``seed``."""

    __tablename__ = "refresher_session"
    __table_args__ = (UniqueConstraint("person_id", "course_id", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    # The day after the last day it may be answered: the next one is due then.
    expires_on: Mapped[date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(Integer)
    # The drawn question keys ("<bank>/<question>" or "lexicon/<n>") as JSON.
    questions_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RefresherAnswer(Base):
    """The first answer to one question of a refresher; a second one is refused
    by the unique constraint, so it counts once."""

    __tablename__ = "refresher_answer"
    __table_args__ = (UniqueConstraint("session_id", "question_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("refresher_session.id", ondelete="CASCADE")
    )
    question_key: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(100))  # the bank id, or "lexicon"
    correct: Mapped[bool] = mapped_column(Boolean)
    response: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RefresherBox(Base):
    """The Leitner box of one question for one person (lms.refresh.leitner)."""

    __tablename__ = "refresher_box"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    box: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RefresherOptOut(Base):
    """A person who asked for no more refresher e-mails (the card stays)."""

    __tablename__ = "refresher_opt_out"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    opted_out_at: Mapped[datetime] = mapped_column(UtcDateTime)
