"""What HR manages: departments, course assignments, reminders, API tokens."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UtcDateTime


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL", use_alter=True)
    )


class AssignmentRule(Base):
    """ "Everyone" or "department X" must take a course: applied to newcomers too."""

    __tablename__ = "assignment_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="CASCADE")
    )  # None: everyone
    due_on: Mapped[date | None] = mapped_column(Date)
    due_in_days: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str | None] = mapped_column(String(50))  # None: by department
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )


class Assignment(Base):
    """One person must take one course by a date."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("person_id", "course_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment_rule.id", ondelete="SET NULL")
    )
    assigned_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    due_in_days: Mapped[int | None] = mapped_column(Integer)
    # Set when an expired certificate re-opened the assignment with a new due date.
    reopened_on: Mapped[date | None] = mapped_column(Date)
    # HR's choice of the course's learning path; None: by the person's department.
    path: Mapped[str | None] = mapped_column(String(50))
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )


class ReminderSent(Base):
    """One reminder per person, course, kind and day: sending twice sends nothing."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("person_id", "course_id", "kind", "sent_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # due_soon | overdue | expiring
    sent_on: Mapped[date] = mapped_column(Date)


class ApiToken(Base):
    """A read-only token for an HR system; only its hash is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "api": reads /api/v1; "scim": provisions people through /scim/v2.
    kind: Mapped[str] = mapped_column(String(8), default="api", server_default="api")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
