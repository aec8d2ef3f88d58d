"""Writing one entry of the audit log."""

from __future__ import annotations

import json
from datetime import datetime

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
