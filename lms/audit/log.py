"""Reading the audit log: filtered pages for HR and rows for the exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from lms.models import AuditEntry, Person

EXPORT_ACTION = "audit.export"
PAGE_SIZE = 50
BATCH = 1000
SYSTEM = "system"  # the actor filter for entries without a person


@dataclass(frozen=True)
class AuditFilters:
    """Who (a person id, or SYSTEM), which action, from and to which day (inclusive).

    Days are days in ``zone``, the configured time zone.
    """

    actor: int | str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None
    zone: tzinfo = UTC

    def details(self) -> dict[str, object]:
        """The filters that were set, for the entry of an export."""
        given = {
            "actor": self.actor,
            "action": self.action,
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
        }
        return {key: value for key, value in given.items() if value}

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.actor == SYSTEM:
            found.append(AuditEntry.actor_id.is_(None))
        elif isinstance(self.actor, int):
            found.append(AuditEntry.actor_id == self.actor)
        if self.action:
            found.append(AuditEntry.action == self.action)
        if self.since is not None:
            found.append(AuditEntry.at >= self._start(self.since))
        if self.until is not None:
            found.append(AuditEntry.at < self._start(self.until + timedelta(days=1)))
        return found

    def _start(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.zone).astimezone(UTC)


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor_id: int | None
    actor_name: str | None  # None: the command line or a deleted person
    actor_email: str | None
    action: str
    target: str
    reason: str
    details: dict[str, Any]
    details_json: str = "{}"


@dataclass(frozen=True)
class AuditPage:
    lines: tuple[AuditLine, ...]
    page: int
    pages: int
    total: int
    actions: tuple[str, ...]  # every action in the log, for the filter
    actors: tuple[tuple[int, str], ...]  # every person in the log, for the filter


def _entries(filters: AuditFilters) -> Select[AuditEntry, str, str]:
    return (
        select(AuditEntry, Person.name, Person.email)
        .outerjoin(Person, Person.id == AuditEntry.actor_id)
        .where(*filters.conditions())
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def _line(entry: AuditEntry, name: str | None, email: str | None) -> AuditLine:
    return AuditLine(
        entry.at,
        entry.actor_id,
        name,
        email,
        entry.action,
        entry.target,
        entry.reason,
        _details(entry.details_json),
        entry.details_json or "{}",
    )


def audit_page(
    session: Session, filters: AuditFilters, page: int, size: int = PAGE_SIZE
) -> AuditPage:
    """One page of entries, newest first; pages past the end show the last one."""
    count = select(func.count()).select_from(AuditEntry).where(*filters.conditions())
    total = session.scalar(count) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    rows = session.execute(_entries(filters).limit(size).offset((page - 1) * size))
    lines = tuple(_line(entry, name, email) for entry, name, email in rows)
    actions = session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    actors = session.execute(
        select(Person.id, Person.name)
        .where(Person.id.in_(select(AuditEntry.actor_id).distinct()))
        .order_by(Person.name, Person.id)
    ).all()
    return AuditPage(
        lines,
        page,
        pages,
        total,
        tuple(actions),
        tuple((person_id, name) for person_id, name in actors),
    )


def audit_lines(session: Session, filters: AuditFilters) -> Iterator[AuditLine]:
    """Every entry (filtered), newest first, fetched in batches."""
    statement = _entries(filters).execution_options(yield_per=BATCH)
    for entry, name, email in session.execute(statement):
        yield _line(entry, name, email)


def _details(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"details": text}
    return value if isinstance(value, dict) else {"details": value}
