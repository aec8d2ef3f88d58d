"""The training matrix export, and the "as of date" compliance snapshot for auditors.

The matrix export is `training_matrix` for today. The snapshot cannot be: the
matrix reads every certificate, attempt and assignment that exists now. So the
snapshot gathers what existed on the day itself (assignments made, certificates
issued, revocations and replacements done, activity started on or before it)
and applies the same rule, `effective_state`, with that day as today.

What the database does not record, the snapshot cannot know: people are
listed with their department of today, people deactivated since are still
listed (no deactivation date is kept), and a lesson visited before and after
the day counts as activity on the day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lms.hr.matrix import CertificateInfo, MatrixRow, effective_state, training_matrix
from lms.hr.reports.attempts import course_titles
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    Course,
    Department,
    Lesson,
    LessonProgress,
    Module,
    Person,
)

MATRIX_HEADER = (
    _l("Person"),
    _l("E-mail"),
    _l("Employee ID"),
    _l("Department"),
    _l("Course"),
    _l("Status"),
    _l("Assigned"),
    _l("Due"),
    _l("Completed"),
    _l("Score (%)"),
    _l("Certificate"),
    _l("Expires"),
)


def matrix_cells(row: MatrixRow) -> tuple[object, ...]:
    return (
        row.person_name,
        row.email,
        row.employee_id,
        row.department,
        row.course_title,
        row.status.value,
        row.assigned_on,
        row.due_on,
        row.completed_on,
        round(row.score_percent, 2) if row.score_percent is not None else None,
        row.certificate_number,
        row.expires_on,
    )


def matrix_rows(
    session: Session,
    *,
    today: date,
    course_id: int | None,
    department_id: int | None,
    status: str | None,
) -> Iterator[tuple[object, ...]]:
    page = training_matrix(
        session,
        today=today,
        course_id=course_id,
        department_id=department_id,
        status=status,
        page=None,
    )
    for row in page.rows:
        yield matrix_cells(row)


def _day(value: datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns aggregates of times as text
        return datetime.fromisoformat(value).date()
    return value.date()


def _assigned_pairs(statement: Any, person: Any, course: Any) -> Any:
    return statement.join(
        Assignment,
        and_(Assignment.person_id == person, Assignment.course_id == course),
    ).join(Person, Person.id == Assignment.person_id)


def _restricted(
    statement: Any, course_id: int | None, department_id: int | None
) -> Any:
    if course_id is not None:
        statement = statement.where(Assignment.course_id == course_id)
    if department_id is not None:
        statement = statement.where(Person.department_id == department_id)
    return statement


def _certificates_then(
    session: Session, before: datetime, course_id: int | None, department_id: int | None
) -> dict[tuple[int, int], CertificateInfo]:
    """Per assigned pair, the certificate that was current then (None if revoked)."""
    statement = _assigned_pairs(
        select(
            Certificate.person_id,
            Certificate.course_id,
            Certificate.number,
            Certificate.completed_on,
            Certificate.valid_until,
            Certificate.score_percent,
            Certificate.revoked_at,
        ).where(
            Certificate.issued_at < before,
            or_(
                Certificate.superseded_by_id.is_(None),
                Certificate.superseded_at >= before,
            ),
        ),
        Certificate.person_id,
        Certificate.course_id,
    ).order_by(Certificate.issued_at, Certificate.id)
    newest: dict[tuple[int, int], CertificateInfo | None] = {}
    rows = session.execute(_restricted(statement, course_id, department_id))
    for person_id, course, number, done, until, score, revoked_at in rows:
        revoked = revoked_at is not None and revoked_at < before
        newest[(person_id, course)] = (
            None if revoked else CertificateInfo(number, done, until, score)
        )
    return {key: info for key, info in newest.items() if info is not None}


def _activity_then(
    session: Session,
    day: date,
    before: datetime,
    course_id: int | None,
    department_id: int | None,
) -> dict[tuple[int, int], tuple[date, date]]:
    """Per assigned pair, the first and last day of activity up to ``day``."""
    lessons = _assigned_pairs(
        select(
            LessonProgress.person_id,
            Module.course_id,
            func.min(LessonProgress.first_viewed_at),
            func.max(LessonProgress.last_viewed_at),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(LessonProgress.first_viewed_at < before),
        LessonProgress.person_id,
        Module.course_id,
    ).group_by(LessonProgress.person_id, Module.course_id)
    attempts = _assigned_pairs(
        select(
            Attempt.person_id,
            Attempt.course_id,
            func.min(Attempt.started_at),
            func.max(Attempt.started_at),
        ).where(Attempt.started_at < before),
        Attempt.person_id,
        Attempt.course_id,
    ).group_by(Attempt.person_id, Attempt.course_id)
    spans: dict[tuple[int, int], tuple[date, date]] = {}
    for statement in (lessons, attempts):
        rows = session.execute(_restricted(statement, course_id, department_id))
        for person_id, course, first_at, last_at in rows:
            first, last = _day(first_at), _day(last_at)
            if first is None or last is None:
                continue
            # A lesson viewed before and after the day: active on the day.
            last = min(last, day)
            key = (person_id, course)
            if key in spans:
                first, last = min(first, spans[key][0]), max(last, spans[key][1])
            spans[key] = (first, last)
    return spans


def snapshot_rows(
    session: Session,
    *,
    as_of: date,
    before: datetime,
    course_id: int | None,
    department_id: int | None,
    status: str | None,
) -> Iterator[tuple[object, ...]]:
    """The matrix as it stood at the end of ``as_of`` (``before`` is the next day)."""
    titles = course_titles(session)
    statement = (
        select(
            Assignment.person_id,
            Person.name,
            Person.email,
            Person.employee_id,
            Department.name,
            Assignment.course_id,
            Assignment.assigned_on,
            Assignment.due_on,
            Assignment.reopened_on,
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(
            Assignment.assigned_on <= as_of,
            or_(Course.retired_at.is_(None), Course.retired_at >= before),
        )
        .order_by(Person.name, Person.email, Assignment.course_id, Assignment.id)
    )
    assignments = session.execute(_restricted(statement, course_id, department_id))
    rows = assignments.all()
    certificates = _certificates_then(session, before, course_id, department_id)
    activity = _activity_then(session, as_of, before, course_id, department_id)
    built = []
    for person_id, name, email, employee_id, department, course, *dates in rows:
        assigned_on, due_on, reopened_on = dates
        if reopened_on is not None and reopened_on > as_of:
            reopened_on = None  # re-opened later: not yet on the day
        certificate = certificates.get((person_id, course))
        effective = effective_state(
            assigned_on,
            due_on,
            reopened_on,
            certificate,
            activity.get((person_id, course)),
            as_of,
        )
        if status and effective.status.value != status:
            continue
        built.append(
            MatrixRow(
                person_id=person_id,
                person_name=name,
                email=email,
                employee_id=employee_id,
                department=department,
                course_id=course,
                course_title=titles.get(course, ("", ""))[1],
                status=effective.status,
                assigned_on=assigned_on,
                due_on=effective.due_on,
                # As the matrix shows it: an expired certificate stays listed.
                completed_on=certificate.completed_on if certificate else None,
                score_percent=certificate.score_percent if certificate else None,
                certificate_number=certificate.number if certificate else None,
                expires_on=certificate.valid_until if certificate else None,
            )
        )
    built.sort(key=lambda row: (row.person_name, row.email, row.course_title))
    for row in built:
        yield matrix_cells(row)
