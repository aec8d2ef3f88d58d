"""The training matrix: every assignment with its status, computed in bulk."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeAlias

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from lms.errors import ValidationError

# CertificateInfo, Effective and effective_state are part of this module's API too.
from lms.hr.rules import RENEWAL_DAYS, Status
from lms.hr.rules import CertificateInfo as CertificateInfo
from lms.hr.rules import Effective as Effective
from lms.hr.rules import effective_state as effective_state
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    Course,
    CourseText,
    Department,
    Lesson,
    LessonProgress,
    Module,
    Person,
)

AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"
PER_PAGE = 50

STATUS_LABELS = {
    Status.NOT_STARTED: _l("not started"),
    Status.IN_PROGRESS: _l("in progress"),
    Status.COMPLETED: _l("completed"),
    Status.OVERDUE: _l("overdue"),
    Status.EXPIRING: _l("expiring"),
    Status.EXPIRED: _l("expired"),
}


@dataclass(frozen=True)
class MatrixRow:
    person_id: int
    person_name: str
    email: str
    employee_id: str | None
    department: str | None
    course_id: int
    course_title: str
    status: Status
    assigned_on: date
    due_on: date | None
    completed_on: date | None
    score_percent: float | None
    certificate_number: str | None
    expires_on: date | None


@dataclass(frozen=True)
class MatrixPage:
    rows: list[MatrixRow]
    total: int
    page: int | None
    per_page: int

    @property
    def pages(self) -> int:
        if self.page is None:
            return 1
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class AssignmentState:
    """A matrix row with what reminders and the learner's list also need."""

    row: MatrixRow
    course_slug: str
    effective: Effective


def filtered(
    statement: AnySelect,
    *,
    department_id: int | None = None,
    course_id: int | None = None,
    person_ids: Sequence[int] | None = None,
) -> AnySelect:
    """Restrict a statement that joins Assignment and Person to live assignments."""
    conditions: list[ColumnElement[bool]] = [
        Person.active.is_(True),
        Course.retired_at.is_(None),
    ]
    if department_id is not None:
        conditions.append(Person.department_id == department_id)
    if course_id is not None:
        conditions.append(Assignment.course_id == course_id)
    if person_ids is not None:
        conditions.append(Assignment.person_id.in_(person_ids))
    return statement.where(*conditions)


def _base(language: str | None) -> AnySelect:
    default_text = aliased(CourseText)
    title: Any = default_text.title
    statement = select(
        Assignment.person_id,
        Person.name,
        Person.email,
        Person.employee_id,
        Department.name,
        Assignment.course_id,
        Course.slug,
        Assignment.assigned_on,
        Assignment.due_on,
        Assignment.reopened_on,
    )
    statement = (
        statement.join(Person, Person.id == Assignment.person_id)
        .join(Course, Course.id == Assignment.course_id)
        .join(
            default_text,
            and_(
                default_text.course_id == Course.id,
                default_text.language == Course.language,
            ),
        )
        .outerjoin(Department, Department.id == Person.department_id)
    )
    if language:
        local_text = aliased(CourseText)
        statement = statement.outerjoin(
            local_text,
            and_(local_text.course_id == Course.id, local_text.language == language),
        )
        title = func.coalesce(local_text.title, default_text.title)
    return statement.add_columns(title.label("course_title")).order_by(
        Person.name, Person.email, title, Assignment.id
    )


def _narrowed(
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
    session: Session, **filters: Any
) -> dict[tuple[int, int], CertificateInfo]:
    """current_certificate() for many pairs at once; revoked means none."""
    statement = _narrowed(
        select(
            Certificate.person_id,
            Certificate.course_id,
            Certificate.number,
            Certificate.completed_on,
            Certificate.valid_until,
            Certificate.score_percent,
            Certificate.revoked_at.is_not(None),
        ).where(Certificate.superseded_by_id.is_(None)),
        Certificate.person_id,
        Certificate.course_id,
        **filters,
    ).order_by(Certificate.issued_at, Certificate.id)
    newest: dict[tuple[int, int], CertificateInfo | None] = {}
    for person_id, course_id, number, done, until, score, revoked in rows_of(
        session, statement
    ):
        # Ordered oldest first, so the newest certificate of a pair wins.
        newest[(person_id, course_id)] = (
            None if revoked else CertificateInfo(number, done, until, score)
        )
    return {key: info for key, info in newest.items() if info is not None}


def activity(
    session: Session, **filters: Any
) -> dict[tuple[int, int], tuple[date, date]]:
    """First and last day of each pair's lesson views and quiz attempts."""
    lessons = _narrowed(
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
    attempts = _narrowed(
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
    spans: dict[tuple[int, int], tuple[date, date]] = {}
    for statement in (lessons, attempts):
        for person_id, course_id, first_at, last_at in rows_of(session, statement):
            first, last = _day(first_at), _day(last_at)
            if first is None or last is None:
                continue
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


def assignment_states(
    session: Session,
    *,
    today: date,
    department_id: int | None = None,
    course_id: int | None = None,
    person_ids: Sequence[int] | None = None,
    language: str | None = None,
    renewal_days: int = RENEWAL_DAYS,
    page: tuple[int, int] | None = None,
) -> list[AssignmentState]:
    """Live assignments of active people with their effective status: 4 queries.

    page=(offset, limit) pages in SQL and loads certificates and activity for
    that page's people only.
    """
    filters: dict[str, Any] = {
        "department_id": department_id,
        "course_id": course_id,
        "person_ids": person_ids,
    }
    statement = filtered(_base(language), **filters)
    if page is not None:
        statement = statement.offset(page[0]).limit(page[1])
    rows = rows_of(session, statement)
    if page is not None:
        filters["person_ids"] = sorted({row[0] for row in rows})
        if not rows:
            return []
    certificates = current_certificates(session, **filters)
    spans = activity(session, **filters)
    states = []
    for row in rows:
        person_id, name, email, employee_id, department, course, slug = row[:7]
        assigned_on, due_on, reopened_on, title = row[7:]
        held = certificates.get((person_id, course))
        effective = effective_state(
            assigned_on,
            due_on,
            reopened_on,
            held,
            spans.get((person_id, course)),
            today,
            renewal_days,
        )
        matrix_row = MatrixRow(
            person_id,
            name,
            email,
            employee_id,
            department,
            course,
            title,
            effective.status,
            assigned_on,
            effective.due_on,
            held.completed_on if held else None,
            held.score_percent if held else None,
            held.number if held else None,
            held.valid_until if held else None,
        )
        states.append(AssignmentState(matrix_row, slug, effective))
    return states


def training_matrix(
    session: Session,
    *,
    today: date,
    department_id: int | None = None,
    course_id: int | None = None,
    status: str | None = None,
    completed_from: date | None = None,
    completed_to: date | None = None,
    page: int | None = None,
    per_page: int = PER_PAGE,
    language: str | None = None,
) -> MatrixPage:
    """People by assigned courses, sorted by name and course; page=None for all.

    Statuses and completion dates are computed, so with a status or date filter
    every matching assignment is computed and the page is cut in Python; without
    them the page is cut in SQL. Either way a fixed number of queries runs.
    language picks course titles (the course's own language otherwise).
    """
    wanted = _status(status)
    if page is not None and page < 1:
        raise ValidationError(str(_l("The page number must be 1 or more.")), "page")
    if per_page < 1:
        raise ValidationError(str(_l("Show at least one row per page.")), "per_page")
    common: dict[str, Any] = {
        "today": today,
        "department_id": department_id,
        "course_id": course_id,
        "language": language,
    }
    if page is not None and wanted is None and not completed_from and not completed_to:
        count = select(func.count(Assignment.id)).select_from(Assignment)
        count = count.join(Person, Person.id == Assignment.person_id).join(
            Course, Course.id == Assignment.course_id
        )
        total = session.scalar(
            filtered(count, department_id=department_id, course_id=course_id)
        )
        states = assignment_states(
            session, **common, page=((page - 1) * per_page, per_page)
        )
        return MatrixPage([s.row for s in states], total or 0, page, per_page)
    rows = [
        state.row
        for state in assignment_states(session, **common)
        if wanted is None or state.effective.status is wanted
    ]
    rows = list(_completed_between(rows, completed_from, completed_to))
    if page is None:
        return MatrixPage(rows, len(rows), None, per_page)
    start = (page - 1) * per_page
    return MatrixPage(rows[start : start + per_page], len(rows), page, per_page)


def _status(value: str | None) -> Status | None:
    if not value:
        return None
    try:
        return Status(value)
    except ValueError:
        raise ValidationError(str(_l("Unknown status.")), "status") from None


def _completed_between(
    rows: Iterable[MatrixRow], first: date | None, last: date | None
) -> Iterable[MatrixRow]:
    if first is None and last is None:
        yield from rows
        return
    for row in rows:
        done = row.completed_on
        if done is None:
            continue
        if (first is None or done >= first) and (last is None or done <= last):
            yield row
