"""The training matrix: every assignment with its status, computed in bulk."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from lms.catalog.paths import certificate_covers, parse_paths, resolve_path
from lms.certify.status import end_of
from lms.content.titles import join_title
from lms.errors import ValidationError
from lms.hr.matrix_inputs import activity, current_certificates, rows_of
from lms.hr.path_sql import path_tables

# CertificateInfo, Effective and effective_state are part of this module's API too.
from lms.hr.rules import RENEWAL_DAYS, Status
from lms.hr.rules import CertificateInfo as CertificateInfo
from lms.hr.rules import Effective as Effective
from lms.hr.rules import effective_state as effective_state
from lms.hr.status_sql import live_assignments_with_status
from lms.models import Assignment, Course, Department, Person

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
    path: str | None = None  # the learning path the assignment requires, titled


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
    as_of: date | None = None,
    assignment_ids: Sequence[int] | None = None,
) -> AnySelect:
    """Restrict a statement that joins Assignment and Person to live assignments.

    as_of: those that existed at the end of that day instead (made by then, of
    courses not retired by then; people deactivated since stay in, as no
    deactivation date is kept).
    """
    conditions: list[ColumnElement[bool]]
    if as_of is None:
        conditions = [Person.active.is_(True), Course.retired_at.is_(None)]
    else:
        conditions = [
            Assignment.assigned_on <= as_of,
            or_(Course.retired_at.is_(None), Course.retired_at >= end_of(as_of)),
        ]
    if department_id is not None:
        conditions.append(Person.department_id == department_id)
    if course_id is not None:
        conditions.append(Assignment.course_id == course_id)
    if person_ids is not None:
        conditions.append(Assignment.person_id.in_(person_ids))
    if assignment_ids is not None:
        conditions.append(Assignment.id.in_(assignment_ids))
    return statement.where(*conditions)


def _base(language: str | None) -> AnySelect:
    statement: AnySelect = (
        select(
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
            Assignment.path,
            Course.paths_json,
            Course.language,
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(Department, Department.id == Person.department_id)
    )
    statement, title = join_title(statement, language)
    return statement.add_columns(title.label("course_title")).order_by(
        Person.name, Person.email, title, Assignment.id
    )


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
    as_of: date | None = None,
    assignment_ids: Sequence[int] | None = None,
) -> list[AssignmentState]:
    """Live assignments of active people with their effective status: 4 queries.

    page=(offset, limit) pages in SQL, and assignment_ids picks a page's
    assignments (chosen in SQL by status, see _sql_page); either loads
    certificates and activity for that page's people only. as_of: as things
    stood at the end of that day (see filtered and matrix_inputs), with the
    status on that day (not today).
    """
    filters: dict[str, Any] = {
        "department_id": department_id,
        "course_id": course_id,
        "person_ids": person_ids,
    }
    statement = filtered(
        _base(language), **filters, as_of=as_of, assignment_ids=assignment_ids
    )
    if page is not None:
        statement = statement.offset(page[0]).limit(page[1])
    rows = rows_of(session, statement)
    if page is not None or assignment_ids is not None:
        filters["person_ids"] = sorted({row[0] for row in rows})
        if not rows:
            return []
    before = end_of(as_of) if as_of is not None else None
    certificates = current_certificates(session, before, **filters)
    spans = activity(session, as_of, **filters)
    day = as_of if as_of is not None else today
    states = []
    for row in rows:
        person_id, name, email, employee_id, department, course, slug = row[:7]
        assigned_on, due_on, reopened_on, choice, paths_json, course_language = row[
            7:13
        ]
        title = row[13]
        if as_of is not None and reopened_on is not None and reopened_on > as_of:
            reopened_on = None  # re-opened later: not yet on the day
        held = certificates.get((person_id, course))
        paths = parse_paths(paths_json)
        required = resolve_path(paths, department, [choice])
        if held is not None and not certificate_covers(
            paths, held.path_id, department, choice
        ):
            held = None  # earned on a path that lacks modules this one requires
        effective = effective_state(
            assigned_on,
            due_on,
            reopened_on,
            held,
            spans.get((person_id, course)),
            day,
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
            required.title(language or course_language, course_language)
            if required
            else None,
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
    as_of: date | None = None,
) -> MatrixPage:
    """People by assigned courses, sorted by name and course; page=None for all.

    Without a status or completion-date filter the page is cut in SQL. With
    one, the database picks the page's assignments by their status and
    completion day (status_sql, the rules' SQL twin) and counts them; only the
    page's rows are then built in Python. With as_of (which status_sql does not
    know) every assignment's status is computed and the page cut in Python.
    Either way a fixed number of queries runs.
    language picks course titles (the course's own language otherwise).
    as_of: the matrix as it stood at the end of that day, statuses on that day
    (today is then not used; see assignment_states).
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
        "as_of": as_of,
    }
    if page is not None and wanted is None and not completed_from and not completed_to:
        count = select(func.count(Assignment.id)).select_from(Assignment)
        count = count.join(Person, Person.id == Assignment.person_id).join(
            Course, Course.id == Assignment.course_id
        )
        total = session.scalar(
            filtered(
                count, department_id=department_id, course_id=course_id, as_of=as_of
            )
        )
        states = assignment_states(
            session, **common, page=((page - 1) * per_page, per_page)
        )
        return MatrixPage([s.row for s in states], total or 0, page, per_page)
    if page is not None and as_of is None:
        total, ids = _sql_page(
            session,
            today=today,
            status=wanted,
            completed_from=completed_from,
            completed_to=completed_to,
            department_id=department_id,
            course_id=course_id,
            language=language,
            page=((page - 1) * per_page, per_page),
        )
        if not ids:
            return MatrixPage([], total, page, per_page)
        states = assignment_states(session, **common, assignment_ids=ids)
        return MatrixPage([s.row for s in states], total, page, per_page)
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


def _sql_page(
    session: Session,
    *,
    today: date,
    status: Status | None,
    completed_from: date | None,
    completed_to: date | None,
    department_id: int | None,
    course_id: int | None,
    language: str | None,
    page: tuple[int, int],
) -> tuple[int, list[int]]:
    """How many live assignments match, and the ids of the page's ones in the
    matrix's order, chosen by the database (status_sql.status_columns)."""
    statement = live_assignments_with_status(
        today,
        by_index=session.get_bind().dialect.name == "sqlite",
        paths=path_tables(session),
    ).add_columns(Person.name.label("person_name"), Person.email.label("email"))
    if department_id is not None:
        statement = statement.where(Person.department_id == department_id)
    if course_id is not None:
        statement = statement.where(Assignment.course_id == course_id)
    statement, title = join_title(statement, language)
    rows = statement.add_columns(title.label("course_title")).subquery()
    conditions: list[ColumnElement[bool]] = []
    if status is not None:
        conditions.append(rows.c.status == status.value)
    if completed_from is not None:
        conditions.append(rows.c.completed_on >= completed_from)
    if completed_to is not None:
        conditions.append(rows.c.completed_on <= completed_to)
    # The count rides along as a window over the filtered rows: the statuses
    # are evaluated once. Only a page past the end needs a count of its own.
    picked = session.execute(
        select(rows.c.assignment_id, func.count().over())
        .where(*conditions)
        .order_by(
            rows.c.person_name,
            rows.c.email,
            rows.c.course_title,
            rows.c.assignment_id,
        )
        .offset(page[0])
        .limit(page[1])
    ).all()
    if picked:
        return int(picked[0][1]), [assignment_id for assignment_id, _ in picked]
    total = session.scalar(select(func.count()).select_from(rows).where(*conditions))
    return total or 0, []


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
