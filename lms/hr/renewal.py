"""Re-opening assignments whose certificate expired, and the status it leads to."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, aliased

from lms.certify.services import audit
from lms.hr.statuses import Status, assignment_status, reopened_due_on
from lms.models import Assignment, Certificate

RENEWAL_DAYS = 30  # an expired certificate is due for renewal this many days later


class CertificateInfo(NamedTuple):
    """The current (newest, not superseded, not revoked) certificate of a pair."""

    number: str
    completed_on: date
    valid_until: date | None
    score_percent: float | None


class Effective(NamedTuple):
    """An assignment as it stands today: status, due date, re-opening."""

    status: Status
    due_on: date | None
    reopened_on: date | None
    counted: CertificateInfo | None  # the certificate that makes it complete


def reopening(
    assigned_on: date,
    due_on: date | None,
    reopened_on: date | None,
    certificate: CertificateInfo | None,
    today: date,
    renewal_days: int = RENEWAL_DAYS,
) -> tuple[date | None, date | None]:
    """(reopened_on, due_on) once an expired certificate has re-opened the assignment.

    An expired certificate re-opens the assignment on its expiry day, with a
    renewal due renewal_days later; one that had expired before the assignment
    was made re-opens it on the assignment day with the assignment's own due date.
    """
    if (
        certificate is None
        or certificate.valid_until is None
        or certificate.valid_until > today
        or certificate.completed_on > today
        or (reopened_on is not None and reopened_on >= certificate.valid_until)
    ):
        return reopened_on, due_on
    if certificate.valid_until <= assigned_on:
        return assigned_on, due_on
    return certificate.valid_until, reopened_due_on(
        certificate.valid_until, renewal_days
    )


def effective_state(
    assigned_on: date,
    due_on: date | None,
    reopened_on: date | None,
    certificate: CertificateInfo | None,
    active: tuple[date, date] | None,
    today: date,
    renewal_days: int = RENEWAL_DAYS,
) -> Effective:
    """Apply re-opening by an expired certificate, then assignment_status.

    active is the first and last day of lesson views and attempts: started means
    activity by today, after the re-opening if any. The result is the same
    whether or not reopen_expired has stored the re-opening yet. After it, the
    status is expired until the renewal is started, overdue after the new due
    date; a certificate completed on or after the re-opening day counts again.

    The dashboard counts the same rules in SQL (status_sql.status_columns):
    change both; tests/hr_assignments/test_status_sql.py fails until they agree.
    """
    if certificate is None:  # the common case, kept fast for large reports
        started = (
            active is not None
            and active[0] <= today
            and (reopened_on is None or active[1] >= reopened_on)
        )
        status = assignment_status(
            reopened_on or assigned_on, due_on, started, None, None, today
        )
        return Effective(status, due_on, reopened_on, None)
    reopen, due = reopening(
        assigned_on, due_on, reopened_on, certificate, today, renewal_days
    )
    started = (
        active is not None
        and active[0] <= today
        and (reopen is None or active[1] >= reopen)
    )
    counted: CertificateInfo | None = certificate
    if (
        certificate is not None
        and reopen is not None
        and reopen <= today
        and certificate.completed_on < reopen
    ):
        counted = None
    if counted is not None:
        status = assignment_status(
            assigned_on,
            due,
            started,
            counted.completed_on,
            counted.valid_until,
            today,
        )
        return Effective(status, due, reopen, counted)
    status = assignment_status(reopen or assigned_on, due, started, None, None, today)
    if status is Status.NOT_STARTED and certificate is not None and reopen is not None:
        status = Status.EXPIRED
    return Effective(status, due, reopen, None)


def reopen_expired(
    session: Session, today: date, renewal_days: int = RENEWAL_DAYS
) -> int:
    """Store the re-opening of assignments whose current certificate has expired.

    Sets reopened_on and the renewal's due date (see matrix.reopening); returns
    how many assignments were re-opened. Running it again changes nothing.
    """
    newer = aliased(Certificate)
    newer_exists = (
        select(newer.id)
        .where(
            newer.person_id == Certificate.person_id,
            newer.course_id == Certificate.course_id,
            newer.superseded_by_id.is_(None),
            or_(
                newer.issued_at > Certificate.issued_at,
                and_(
                    newer.issued_at == Certificate.issued_at,
                    newer.id > Certificate.id,
                ),
            ),
        )
        .exists()
    )
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.assigned_on,
            Assignment.due_on,
            Assignment.reopened_on,
            Certificate.number,
            Certificate.completed_on,
            Certificate.valid_until,
            Certificate.score_percent,
        )
        .join(
            Certificate,
            and_(
                Certificate.person_id == Assignment.person_id,
                Certificate.course_id == Assignment.course_id,
            ),
        )
        .where(
            Certificate.superseded_by_id.is_(None),
            Certificate.revoked_at.is_(None),
            Certificate.valid_until <= today,
            Certificate.completed_on <= today,
            or_(
                Assignment.reopened_on.is_(None),
                Assignment.reopened_on < Certificate.valid_until,
            ),
            ~newer_exists,
        )
    ).all()
    changes = []
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
    if changes:
        # One executemany by primary key; loaded objects are refreshed on use.
        session.execute(update(Assignment), changes)
        changed = {change["id"] for change in changes}
        for loaded in list(session.identity_map.values()):
            if isinstance(loaded, Assignment) and loaded.id in changed:
                session.expire(loaded, ["reopened_on", "due_on"])
    count = len(changes)
    if count:
        audit(
            session,
            None,
            "assignment.reopen",
            "assignments",
            details={"reopened": count, "renewal_days": renewal_days},
        )
    session.flush()
    return count
