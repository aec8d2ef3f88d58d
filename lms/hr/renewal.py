"""Storing the re-opening of assignments whose certificate expired."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.certify.queries import current_certificates
from lms.db import write_step
from lms.hr.rules import RENEWAL_DAYS, CertificateInfo, reopening
from lms.models import Assignment


def reopen_expired(
    session: Session, today: date, renewal_days: int = RENEWAL_DAYS
) -> int:
    """Store the re-opening of assignments whose current certificate has expired.

    Sets reopened_on and the renewal's due date (see matrix.reopening); returns
    how many assignments were re-opened. Running it again changes nothing.
    The HR pages run it on every view (GETs): most views find nothing to store
    and write nothing; otherwise a write step looks again under the write lock,
    since another view may have stored the same re-openings meanwhile.
    """
    if not _changes(session, today, renewal_days):
        return 0
    with write_step(session):
        changes = _changes(session, today, renewal_days)
        if changes:
            # One executemany by primary key; loaded objects are refreshed on use.
            session.execute(update(Assignment), changes)
            changed = {change["id"] for change in changes}
            for loaded in list(session.identity_map.values()):
                if isinstance(loaded, Assignment) and loaded.id in changed:
                    session.expire(loaded, ["reopened_on", "due_on"])
            audit(
                session,
                None,
                "assignment.reopen",
                "assignments",
                details={"reopened": len(changes), "renewal_days": renewal_days},
            )
        session.flush()
    return len(changes)


def _changes(
    session: Session, today: date, renewal_days: int
) -> list[dict[str, object]]:
    """The assignments to re-open today, with their new reopened_on and due_on."""
    current = current_certificates(include_revoked=False)
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.assigned_on,
            Assignment.due_on,
            Assignment.reopened_on,
            current.c.number,
            current.c.completed_on,
            current.c.valid_until,
            current.c.score_percent,
        )
        .join(
            current,
            and_(
                current.c.person_id == Assignment.person_id,
                current.c.course_id == Assignment.course_id,
            ),
        )
        .where(
            # Expired by today: valid_until before today (lms.certify.status).
            current.c.valid_until < today,
            current.c.completed_on <= today,
            or_(
                Assignment.reopened_on.is_(None),
                Assignment.reopened_on <= current.c.valid_until,
            ),
        )
    ).all()
    changes: list[dict[str, object]] = []
    for row in rows:
        assignment_id, assigned_on, due_on, reopened_on = row[:4]
        new_reopened_on, new_due_on = reopening(
            assigned_on,
            due_on,
            reopened_on,
            CertificateInfo(row[4], row[5], row[6], row[7]),
            today,
            renewal_days,
        )
        if new_reopened_on != reopened_on:
            changes.append(
                {
                    "id": assignment_id,
                    "reopened_on": new_reopened_on,
                    "due_on": new_due_on,
                }
            )
    return changes
