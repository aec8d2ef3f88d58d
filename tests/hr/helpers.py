"""Building small organisations for the assignment tests, and counting queries."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.models import Course, CourseText, Department, Person, PersonRole

_numbers = itertools.count(1)


def course_id(session: Session, slug: str = "cse") -> int:
    found = session.scalar(select(Course.id).where(Course.slug == slug))
    assert found is not None
    return found


def second_course(session: Session, title: str = "Fire safety") -> int:
    """A published course without lessons, enough for assignments."""
    course = Course(
        slug="fire",
        language="en",
        published=True,
        content_hash="0" * 64,
        synced_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    course.texts = [CourseText(language="en", title=title)]
    session.add(course)
    session.flush()
    return course.id


def department(session: Session, name: str) -> Department:
    existing = session.scalar(select(Department).where(Department.name == name))
    if existing is not None:
        return existing
    made = Department(name=name)
    session.add(made)
    session.flush()
    return made


def person(
    session: Session,
    name: str | None = None,
    *,
    dept: Department | None = None,
    employee_id: str | None = None,
    active: bool = True,
    language: str = "en",
) -> Person:
    """A learner without a password (fast: no hashing)."""
    number = next(_numbers)
    made = Person(
        email=f"learner{number}@example.com",
        name=name or f"Learner {number:03d}",
        language=language,
        active=active,
        employee_id=employee_id,
        department_id=dept.id if dept else None,
    )
    made.role_rows = [PersonRole(role="learner")]
    session.add(made)
    session.flush()
    return made


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []
    engine = get_database(app).engine

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
