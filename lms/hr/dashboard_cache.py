"""The dashboard's last counted figures, and counting them again in the background.

Counting 80,000 assignments takes the database one to two seconds; HR opens
the dashboard far more often than the figures change. The last figures per
language are stored in the database (table ``dashboard_figures``), so every
web worker and every server shows the same ones, together with a fingerprint
of the data: the newest assignment, certificate, person and audit entry. Every
HR action is audited and every completion adds a certificate, so an assignment,
an import, a revocation or a new certificate changes the fingerprint. What
leaves no trace there (a learner opening a lesson, which moves "not started" to
"in progress") is picked up after MAX_AGE at the latest.

A view that finds the figures out of date shows them at once with the time
they were counted and a notice, and asks for one background count (a job on
lms.jobs). One view claims the count by moving the row's ``job_id`` from the
job it read to its own new job in one conditional UPDATE; every other view
finds the job under way (or loses the UPDATE) and asks for nothing. A count
that failed for the same data is not asked for again until MAX_AGE has passed
(the page says it failed; "Count again now" counts in the request). Only the
very first view, with no figures at all, counts in the request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.db import get_database, insert_statement, utcnow, write_step
from lms.hr.dashboard import Dashboard, Figures, dashboard
from lms.hr.renewal import reopen_expired
from lms.hr.rules import Status
from lms.jobs.api import FINAL_STATES, JobContext, Scope, State, job_function
from lms.jobs.services import enqueue_after_commit, failure_text, new_job
from lms.models import (
    Assignment,
    AuditEntry,
    Certificate,
    DashboardFigures,
    Job,
    Person,
)

MAX_AGE = timedelta(minutes=2)


@dataclass(frozen=True)
class Shown:
    """What the dashboard shows: figures, when they were counted, and whether
    a count is under way or the last one failed (its message, translated)."""

    figures: Dashboard
    counted_at: datetime
    counting: bool = False
    failure: str | None = None
    job_public_id: str | None = None


def fingerprint(session: Session) -> str:
    """One cheap query (four index lookups) that changes with the counted data."""
    row = session.execute(
        select(
            select(func.max(Assignment.id)).scalar_subquery(),
            select(func.max(Certificate.id)).scalar_subquery(),
            select(func.max(Person.id)).scalar_subquery(),
            select(func.max(AuditEntry.id)).scalar_subquery(),
        )
    ).one()
    return json.dumps(list(row))


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "key": figures.key,
        "name": figures.name,
        "counts": {status.value: count for status, count in figures.counts.items()},
        "average_score": figures.average_score,
        "median_days": figures.median_days,
    }


def _figures_of(data: dict[str, Any]) -> Figures:
    return Figures(
        data["key"],
        data["name"],
        {Status(status): count for status, count in data["counts"].items()},
        data["average_score"],
        data["median_days"],
    )


def to_json(data: Dashboard) -> str:
    return json.dumps(
        {
            "today": data.today.isoformat(),
            "total": _figures_json(data.total),
            "courses": [_figures_json(figures) for figures in data.courses],
            "departments": [_figures_json(figures) for figures in data.departments],
            "completions": [[day.isoformat(), n] for day, n in data.completions],
        }
    )


def from_json(text: str) -> Dashboard:
    data = json.loads(text)
    return Dashboard(
        today=date.fromisoformat(data["today"]),
        total=_figures_of(data["total"]),
        courses=[_figures_of(item) for item in data["courses"]],
        departments=[_figures_of(item) for item in data["departments"]],
        completions=[(date.fromisoformat(d), n) for d, n in data["completions"]],
    )


def count_and_store(
    session: Session,
    today: date,
    language: str,
    now: datetime,
    *,
    reader: Session | None = None,
) -> Dashboard:
    """Store the day's re-openings, count, and store the figures for everyone.

    reader: a read session to count in (a job's own session writes, and on
    SQLite a writing transaction would hold the write lock for the whole
    count). A count that started earlier than the stored one (and so saw
    older data) does not overwrite it.
    """
    reopen_expired(session, today)
    if reader is None:
        reader = session
    else:
        session.commit()  # the re-openings, before the reader's snapshot
    seen = fingerprint(reader)
    data = dashboard(reader, today, language)
    values = {
        "language": language,
        "counted_for": today,
        "figures_json": to_json(data),
        "fingerprint": seen,
        "counted_at": now,
    }
    table = DashboardFigures.__table__
    statement = insert_statement(session, table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.language],
        set_={name: statement.excluded[name] for name in values if name != "language"},
        where=table.c.counted_at <= statement.excluded.counted_at,
    )
    with write_step(session):
        session.execute(statement)
    return data


def _out_of_date(row: DashboardFigures, today: date, seen: str, now: datetime) -> bool:
    return (
        row.counted_for != today
        or row.fingerprint != seen
        or now - row.counted_at >= MAX_AGE
    )


def shown_figures(
    session: Session,
    *,
    owner: Person,
    today: date,
    language: str,
    now: datetime,
    fresh: bool = False,
) -> Shown:
    """The dashboard's figures for ``language`` on ``today``.

    fresh ("Count again now") and the very first view count in the request;
    otherwise kept figures show at once, and out-of-date ones ask for one
    background count (see the module's docstring).
    """
    row = None if fresh else session.get(DashboardFigures, language)
    if row is None:
        return Shown(count_and_store(session, today, language, now), now)
    seen = fingerprint(session)
    kept = from_json(row.figures_json)
    if not _out_of_date(row, today, seen, now):
        return Shown(kept, row.counted_at)
    job = session.get(Job, row.job_id) if row.job_id is not None else None
    asked_for = f"{today.isoformat()} {seen}"
    if job is not None and job.state not in FINAL_STATES:
        return Shown(kept, row.counted_at, counting=True, job_public_id=job.public_id)
    if (
        job is not None
        and job.state == State.FAILED
        and row.asked_for == asked_for
        and job.finished_at is not None
        and now - job.finished_at < MAX_AGE
    ):
        return Shown(kept, row.counted_at, failure=failure_text(job))
    claimed = claim_count(session, owner, row.job_id, today, language, asked_for)
    return Shown(
        kept,
        row.counted_at,
        counting=True,
        job_public_id=claimed.public_id if claimed is not None else None,
    )


class _Lost(Exception):
    """Another view claimed the count first."""


def claim_count(
    session: Session,
    owner: Person,
    seen_job_id: int | None,
    today: date,
    language: str,
    asked_for: str,
) -> Job | None:
    """The view's one write: a new count job, if the row still names the job
    this view read (else another view claimed the count: None). The job is
    queued once the request commits."""
    try:
        with write_step(session), session.begin_nested():
            job = new_job(
                count_dashboard,
                owner=owner,
                params={"day": today.isoformat(), "language": language},
                scope=Scope.HR,
            )
            session.add(job)
            session.flush()
            same = (
                DashboardFigures.job_id.is_(None)
                if seen_job_id is None
                else DashboardFigures.job_id == seen_job_id
            )
            claimed = session.execute(
                update(DashboardFigures)
                .where(DashboardFigures.language == language, same)
                .values(job_id=job.id, asked_for=asked_for)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise _Lost
    except _Lost:
        return None
    enqueue_after_commit(session, job.id)
    return job


@job_function(_l("Count the dashboard figures"))
def count_dashboard(ctx: JobContext, day: str, language: str) -> None:
    """The background count asked for by claim_count."""
    today = date.fromisoformat(day)
    reader = get_database().read_sessionmaker()
    try:
        with force_locale(language):
            count_and_store(ctx.session, today, language, utcnow(), reader=reader)
    finally:
        reader.close()
