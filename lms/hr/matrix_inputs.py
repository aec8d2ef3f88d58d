"""What the training matrix reads besides assignments: each pair's current
certificate and activity, now or as they stood on a day, in one query each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from lms.certify.queries import current_certificates as current_subquery
from lms.certify.status import end_of
from lms.hr.rules import CertificateInfo
from lms.models import Attempt, Certificate, Lesson, LessonProgress, Module, Person

AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"


def narrowed(
    statement: AnySelect,
    person_column: Any,
    course_column: Any,
    *,
    department_id: int | None = None,
    course_id: int | None = None,
    person_ids: Sequence[int] | None = None,
) -> AnySelect:
    """Only the rows of the people and courses asked for (all when no filter)."""
    if department_id is not None:
        statement = statement.join(Person, Person.id == person_column).where(
            Person.department_id == department_id
        )
    if course_id is not None:
        statement = statement.where(course_column == course_id)
    if person_ids is not None:
        statement = statement.where(person_column.in_(person_ids))
    return statement


def current_certificates(
    session: Session, before: datetime | None = None, **filters: Any
) -> dict[tuple[int, int], CertificateInfo]:
    """lms.certify.queries.current_certificates per pair (before: as it stood
    then); a revoked current certificate means none."""
    current = current_subquery(before, *_pairs(**filters), include_revoked=False)
    statement = select(
        current.c.person_id,
        current.c.course_id,
        current.c.number,
        current.c.completed_on,
        current.c.valid_until,
        current.c.score_percent,
        current.c.path_id,
    )
    return {
        (person_id, course_id): CertificateInfo(number, done, until, score, path)
        for person_id, course_id, number, done, until, score, path in rows_of(
            session, statement
        )
    }


def _pairs(
    *,
    department_id: int | None = None,
    course_id: int | None = None,
    person_ids: Sequence[int] | None = None,
) -> list[ColumnElement[bool]]:
    """narrowed() as conditions on Certificate, for current_certificates."""
    conditions: list[ColumnElement[bool]] = []
    if department_id is not None:
        conditions.append(
            Certificate.person_id.in_(
                select(Person.id).where(Person.department_id == department_id)
            )
        )
    if course_id is not None:
        conditions.append(Certificate.course_id == course_id)
    if person_ids is not None:
        conditions.append(Certificate.person_id.in_(person_ids))
    return conditions


def activity(
    session: Session, as_of: date | None = None, **filters: Any
) -> dict[tuple[int, int], tuple[date, date]]:
    """First and last day of each pair's lesson views and quiz attempts.

    as_of: only what had started by the end of that day, and a lesson viewed
    before and after it counts as active on the day (the last view is not kept
    per day)."""
    lessons = narrowed(
        select(
            LessonProgress.person_id,
            Module.course_id,
            func.min(LessonProgress.first_viewed_at),
            func.max(LessonProgress.last_viewed_at),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Module, Module.id == Lesson.module_id),
        LessonProgress.person_id,
        Module.course_id,
        **filters,
    ).group_by(LessonProgress.person_id, Module.course_id)
    attempts = narrowed(
        select(
            Attempt.person_id,
            Attempt.course_id,
            func.min(Attempt.started_at),
            func.max(Attempt.started_at),
        ),
        Attempt.person_id,
        Attempt.course_id,
        **filters,
    ).group_by(Attempt.person_id, Attempt.course_id)
    if as_of is not None:
        before = end_of(as_of)
        lessons = lessons.where(LessonProgress.first_viewed_at < before)
        attempts = attempts.where(Attempt.started_at < before)
    spans: dict[tuple[int, int], tuple[date, date]] = {}
    for statement in (lessons, attempts):
        for person_id, course_id, first_at, last_at in rows_of(session, statement):
            first, last = _day(first_at), _day(last_at)
            if first is None or last is None:
                continue
            if as_of is not None:
                last = min(last, as_of)
            key = (person_id, course_id)
            if key in spans:
                first, last = min(first, spans[key][0]), max(last, spans[key][1])
            spans[key] = (first, last)
    return spans


def rows_of(session: Session, statement: AnySelect) -> Sequence[Any]:
    """Plain rows through the session's connection, skipping ORM result loading
    (a third of the time of large reports)."""
    return session.connection().execute(statement).all()


def _day(value: datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns aggregates of dates as text
        return datetime.fromisoformat(value).date()
    return value.date()
