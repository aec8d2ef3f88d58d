"""Writing entries of the audit log: one at a time, or many in one statement."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from lms.db import utcnow
from lms.models import AuditEntry, Person


def audit(
    session: Session,
    actor: Person | None,
    action: str,
    target: str,
    reason: str = "",
    details: dict[str, object] | None = None,
    now: datetime | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=now or utcnow(),
            actor_id=actor.id if actor else None,
            action=action,
            target=target,
            reason=reason,
            details_json=json.dumps(details or {}, sort_keys=True, default=str),
        )
    )


class AuditRow(NamedTuple):
    """One entry for audit_many: what was done, to whom, with which details."""

    action: str
    target: str
    details: dict[str, object]


def audit_many(
    session: Session, actor: Person | None, rows: Sequence[AuditRow], now: datetime
) -> None:
    """Write many entries with one INSERT (an import of thousands of people)."""
    if not rows:
        return
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": now,
                "actor_id": actor.id if actor else None,
                "action": row.action,
                "target": row.target,
                "reason": "",
                "details_json": json.dumps(row.details, sort_keys=True, default=str),
            }
            for row in rows
        ],
    )
