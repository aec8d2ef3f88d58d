"""Assignment status, due dates and compliance figures, computed from plain dates."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from lms.certify.status import EXPIRING_DAYS as EXPIRING_DAYS
from lms.certify.status import expires_on, is_expired, is_expiring


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    EXPIRING = "expiring"
    EXPIRED = "expired"


# The statuses in which the person holds a valid completion.
COMPLIANT = frozenset({Status.COMPLETED, Status.EXPIRING})


def assignment_status(
    assigned_on: date,
    due_on: date | None,
    started: bool,
    completed_on: date | None,
    certificate_valid_until: date | None,
    today: date,
    expiring_days: int = EXPIRING_DAYS,
) -> Status:
    """The status of one assignment as of today.

    A completion dated after today does not count yet, so the same call answers
    "what was the status on that day" for reports over time. A certificate is
    valid up to and including its valid_until day, expired from the next day on
    (lms.certify.status), and expiring from expiring_days before valid_until.
    Due on a day means overdue from the next day on.
    """
    if expiring_days < 0:
        raise ValueError("expiring_days must not be negative")
    completed = completed_on is not None and completed_on <= today
    if completed and is_expired(certificate_valid_until, today):
        return Status.EXPIRED
    if completed and is_expiring(certificate_valid_until, today, expiring_days):
        return Status.EXPIRING
    if completed:
        return Status.COMPLETED
    if today < assigned_on:
        return Status.NOT_STARTED
    if due_on is not None and today > due_on:
        return Status.OVERDUE
    return Status.IN_PROGRESS if started else Status.NOT_STARTED


def reopened_due_on(expired_on: date, renewal_days: int) -> date:
    """When a renewal is due after a certificate expired on expired_on."""
    if renewal_days < 0:
        raise ValueError("renewal_days must not be negative")
    return expired_on + timedelta(days=renewal_days)


def due_date(
    assigned_on: date, fixed_due: date | None, due_in_days: int | None
) -> date | None:
    """A fixed due date wins; else assigned_on plus due_in_days; else no due date."""
    if fixed_due is not None:
        return fixed_due
    if due_in_days is None:
        return None
    if due_in_days < 0:
        raise ValueError("due_in_days must not be negative")
    return assigned_on + timedelta(days=due_in_days)


def compliance_rate(counts: Mapping[Status, int] | Mapping[str, int]) -> float:
    """Share of assignments with a valid completion (completed or expiring), 0..1.

    Every status counts in the total, so not started, in progress, overdue and
    expired all lower the rate. No assignments at all gives 0.0: show a dash.
    """
    total = compliant = 0
    for key, count in counts.items():
        status = Status(key)  # ValueError for an unknown status
        if count < 0:
            raise ValueError(f"negative count for {status}")
        total += count
        if status in COMPLIANT:
            compliant += count
    return compliant / total if total else 0.0


def median_days(durations: Iterable[timedelta | int]) -> float | None:
    """The median of durations in days (timedelta or whole days); None if empty."""
    days = [
        duration.total_seconds() / 86_400
        if isinstance(duration, timedelta)
        else float(duration)
        for duration in durations
    ]
    return statistics.median(days) if days else None


RENEWAL_DAYS = 30  # an expired certificate is due for renewal this many days later


class CertificateInfo(NamedTuple):
    """The current (newest, not superseded, not revoked) certificate of a pair."""

    number: str
    completed_on: date
    valid_until: date | None
    score_percent: float | None
    path_id: str | None = None  # the learning path it was earned on


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

    An expired certificate re-opens the assignment on its expiry day (the first
    day after valid_until), with a renewal due renewal_days later; one that had
    expired by the day the assignment was made re-opens it on the assignment day
    with the assignment's own due date.
    """
    if (
        certificate is None
        or certificate.valid_until is None
        or certificate.completed_on > today
    ):
        return reopened_on, due_on
    expiry = expires_on(certificate.valid_until)
    if expiry > today or (reopened_on is not None and reopened_on >= expiry):
        return reopened_on, due_on
    if expiry <= assigned_on:
        return assigned_on, due_on
    return expiry, reopened_due_on(expiry, renewal_days)


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
    change both; tests/hr/test_status_sql.py fails until they agree.
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
