"""Reading the audit log: pages for HR and rows for the CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from lms.models import AuditEntry, Person

EXPORT_ACTION = "audit.export"
PAGE_SIZE = 50
CSV_HEADER = ("at", "actor", "actor_email", "action", "target", "reason", "details")


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor_name: str | None  # None: the command line or a deleted person
    actor_email: str | None
    action: str
    target: str
    reason: str
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditPage:
    lines: tuple[AuditLine, ...]
    page: int
    pages: int
    total: int
    actions: tuple[str, ...]  # every action in the log, for the filter


def _entries(action: str | None) -> Select[AuditEntry, str, str]:
    statement = (
        select(AuditEntry, Person.name, Person.email)
        .outerjoin(Person, Person.id == AuditEntry.actor_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if action:
        statement = statement.where(AuditEntry.action == action)
    return statement


def audit_page(
    session: Session, action: str | None, page: int, size: int = PAGE_SIZE
) -> AuditPage:
    """One page of entries, newest first; pages past the end show the last one."""
    count = select(func.count()).select_from(AuditEntry)
    if action:
        count = count.where(AuditEntry.action == action)
    total = session.scalar(count) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    rows = session.execute(_entries(action).limit(size).offset((page - 1) * size))
    lines = tuple(
        AuditLine(
            entry.at,
            name,
            email,
            entry.action,
            entry.target,
            entry.reason,
            _details(entry.details_json),
        )
        for entry, name, email in rows
    )
    actions = session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    return AuditPage(lines, page, pages, total, tuple(actions))


def audit_csv_rows(
    session: Session, action: str | None
) -> Iterator[tuple[object, ...]]:
    """Every entry (filtered), newest first, fetched in batches."""
    statement = _entries(action).execution_options(yield_per=1000)
    for entry, name, email in session.execute(statement):
        yield (
            entry.at,
            name,
            email,
            entry.action,
            entry.target,
            entry.reason,
            entry.details_json,
        )


def _details(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"details": text}
    return value if isinstance(value, dict) else {"details": value}
