"""The assignment status rules as one SQL expression, for figures at scale.

``rules.effective_state`` is the rule book: the matrix, the exports, the
reminders and the learners' own list use it row by row. The dashboard only
needs counts, and at 80,000 assignments a row-by-row pass costs seconds, so
here the same rules are written once more as a CASE expression that the
database evaluates and groups. tests/hr/test_status_sql.py checks,
on random assignments on SQLite and PostgreSQL, that both give the same status,
completion and score for every row: change one and that test tells you to
change the other.

All date arithmetic is moved onto parameters (``valid_until <= today + 30``
rather than ``valid_until - today <= 30``), so the SQL is the same on both
databases; the two dialect-specific pieces, the UTC day of a timestamp and the
days between two dates, are the small constructs below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Subquery,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from lms.certify.queries import current_certificates
from lms.hr.path_sql import PathTables, covered_condition
from lms.hr.rules import EXPIRING_DAYS, RENEWAL_DAYS, Status
from lms.models import (
    Assignment,
    Attempt,
    Course,
    Lesson,
    LessonProgress,
    Module,
    Person,
)


class utc_day(FunctionElement[date]):  # noqa: N801  (reads as an SQL function)
    """The UTC calendar day of a timestamp column."""

    type = Date()
    inherit_cache = True


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: Any, **kw: Any) -> str:
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC; dates as 'YYYY-MM-DD'.
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: utc_day, compiler: Any, **kw: Any) -> str:
    return (
        f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"
    )


class days_between(FunctionElement[int]):  # noqa: N801
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"(({second}) - ({first}))"


class day_after(FunctionElement[date]):  # noqa: N801
    """The day after a date column (a certificate's expiry day)."""

    type = Date()
    inherit_cache = True


@compiles(day_after, "sqlite")
def _day_after_sqlite(element: day_after, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


@compiles(day_after, "postgresql")
def _day_after_postgresql(element: day_after, compiler: Any, **kw: Any) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) + 1)"


def current_certificate_subquery() -> Subquery:
    """The current certificate of each person and course (lms.certify.queries);
    a revoked current certificate means none."""
    return current_certificates(include_revoked=False)


def activity_subquery() -> Subquery:
    """First and last lesson view or attempt start of each person and course."""
    lessons = select(
        LessonProgress.person_id.label("person_id"),
        Module.course_id.label("course_id"),
        LessonProgress.first_viewed_at.label("first_at"),
        LessonProgress.last_viewed_at.label("last_at"),
    ).select_from(
        LessonProgress.__table__.join(
            Lesson.__table__, Lesson.id == LessonProgress.lesson_id
        ).join(Module.__table__, Module.id == Lesson.module_id)
    )
    attempts = select(
        Attempt.person_id,
        Attempt.course_id,
        Attempt.started_at.label("first_at"),
        Attempt.started_at.label("last_at"),
    )
    both = union_all(lessons, attempts).subquery("events")
    return (
        select(
            both.c.person_id,
            both.c.course_id,
            func.min(both.c.first_at).label("first_at"),
            func.max(both.c.last_at).label("last_at"),
        )
        .group_by(both.c.person_id, both.c.course_id)
        .subquery("activity")
    )


def _any_activity(condition_on: Any) -> ColumnElement[bool]:
    """Whether the assignment's person has a lesson view or an attempt in its
    course whose (first, last) timestamps meet condition_on(first, last).

    Correlated EXISTS instead of a join to activity_subquery(): the status
    CASE asks only for the few assignments whose status depends on it (neither
    completed nor overdue). SQLite then looks those up by index instead of
    grouping every lesson view (0.9 s instead of 1.25 s for the bench's
    organisation); PostgreSQL runs the join's grouping fast and the
    correlated form six times slower, so each gets its own (by_index).
    """
    lessons = (
        select(literal(1))
        .select_from(LessonProgress)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(
            LessonProgress.person_id == Assignment.person_id,
            Module.course_id == Assignment.course_id,
            condition_on(LessonProgress.first_viewed_at, LessonProgress.last_viewed_at),
        )
        .exists()
    )
    attempts = (
        select(literal(1))
        .select_from(Attempt)
        .where(
            Attempt.person_id == Assignment.person_id,
            Attempt.course_id == Assignment.course_id,
            condition_on(Attempt.started_at, Attempt.started_at),
        )
        .exists()
    )
    return or_(lessons, attempts)


@dataclass(frozen=True)
class StatusColumns:
    """Per assignment: status, and for valid completions the score and days taken."""

    status: ColumnElement[str]
    score: ColumnElement[Any]
    days: ColumnElement[Any]


def status_columns(
    current: Subquery,
    activity: Subquery | None,
    today: date,
    renewal_days: int = RENEWAL_DAYS,
    expiring_days: int = EXPIRING_DAYS,
) -> StatusColumns:
    """rules.effective_state, as SQL over Assignment, its current certificate
    and its activity (joined activity_subquery(), or None: looked up by index)."""
    a_on, due, reopened = (
        Assignment.assigned_on,
        Assignment.due_on,
        Assignment.reopened_on,
    )
    done, until = current.c.completed_on, current.c.valid_until
    has_certificate = done.is_not(None)
    today_p = literal(today, Date)
    # reopening(): leaves the stored values, or re-opens on the assignment day
    # (an expiry by then) or on the expiry day (valid_until + 1) with a renewal
    # due date. "expiry <= x" is written "until < x", "expiry > x" "until >= x".
    keeps = or_(
        ~has_certificate,
        until.is_(None),
        until >= today_p,
        done > today_p,
        and_(reopened.is_not(None), reopened > until),
    )
    on_assignment_day = until < a_on
    reopen: ColumnElement[Any] = case(
        (keeps, reopened), (on_assignment_day, a_on), else_=day_after(until)
    )
    # The renewal is due renewal_days after the expiry day, overdue after that.
    past_due: ColumnElement[bool] = case(
        (or_(keeps, on_assignment_day), and_(due.is_not(None), due < today_p)),
        else_=until < literal(today - timedelta(days=renewal_days + 1), Date),
    )
    # min(first) <= today and max(last) >= reopen, asked as "any event ...".
    started: ColumnElement[bool]
    if activity is None:
        started = and_(
            _any_activity(lambda first, _last: utc_day(first) <= today_p),
            or_(
                reopen.is_(None),
                _any_activity(lambda _first, last: utc_day(last) >= reopen),
            ),
        )
    else:
        started = and_(
            activity.c.first_at.is_not(None),
            utc_day(activity.c.first_at) <= today_p,
            or_(reopen.is_(None), utc_day(activity.c.last_at) >= reopen),
        )
    counted = and_(
        has_certificate,
        or_(reopen.is_(None), reopen > today_p, done >= reopen),
    )
    completed = and_(counted, done <= today_p)
    begun = func.coalesce(reopen, a_on) <= today_p
    open_status = case(
        (and_(begun, past_due), Status.OVERDUE.value),
        (and_(begun, started), Status.IN_PROGRESS.value),
        (and_(has_certificate, reopen.is_not(None)), Status.EXPIRED.value),
        else_=Status.NOT_STARTED.value,
    )
    status = case(
        (and_(completed, until.is_not(None), until < today_p), Status.EXPIRED.value),
        (
            and_(
                completed,
                until.is_not(None),
                until <= literal(today + timedelta(days=expiring_days), Date),
            ),
            Status.EXPIRING.value,
        ),
        (completed, Status.COMPLETED.value),
        (counted, _counted_open_status(a_on, past_due, started, today_p)),
        else_=open_status,
    )
    compliant = and_(completed, or_(until.is_(None), until >= today_p))
    taken = days_between(func.coalesce(reopen, a_on), done)
    days = case((compliant, case((taken < 0, 0), else_=taken)), else_=null())
    return StatusColumns(
        status=status,
        score=case((compliant, current.c.score_percent), else_=null()),
        days=days,
    )


def _counted_open_status(
    assigned_on: Any, past_due: Any, started: Any, today: Any
) -> ColumnElement[str]:
    """assignment_status() for a counted certificate completed after today."""
    return case(
        (assigned_on > today, Status.NOT_STARTED.value),
        (past_due, Status.OVERDUE.value),
        (started, Status.IN_PROGRESS.value),
        else_=Status.NOT_STARTED.value,
    )


def live_assignments_with_status(
    today: date,
    renewal_days: int = RENEWAL_DAYS,
    *,
    by_index: bool = False,
    paths: PathTables | None = None,
) -> Any:
    """(assignment id, course, department, status, score, days, completed on)
    of every live assignment of an active person, as one SELECT. by_index: see
    _any_activity (True suits SQLite, False PostgreSQL; both give the same rows).
    paths: path_tables() when any course has learning paths (a certificate of
    a shorter path does not count for an assignment of a longer one)."""
    current = current_certificate_subquery()
    activity = None if by_index else activity_subquery()
    columns = status_columns(current, activity, today, renewal_days)
    statement = (
        select(
            Assignment.id.label("assignment_id"),
            Assignment.course_id.label("course_id"),
            Person.department_id.label("department_id"),
            columns.status.label("status"),
            columns.score.label("score"),
            columns.days.label("days"),
            current.c.completed_on.label("completed_on"),
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(
            current,
            and_(
                current.c.person_id == Assignment.person_id,
                current.c.course_id == Assignment.course_id,
                covered_condition(paths or PathTables([], []), current),
            ),
        )
    )
    if activity is not None:
        statement = statement.outerjoin(
            activity,
            and_(
                activity.c.person_id == Assignment.person_id,
                activity.c.course_id == Assignment.course_id,
            ),
        )
    return statement.where(Person.active.is_(True), Course.retired_at.is_(None))
