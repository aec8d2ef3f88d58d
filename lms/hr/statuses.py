"""Assignment status, due dates and compliance figures, computed from plain dates."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum

EXPIRING_DAYS = 30


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
    certificate_expires_on: date | None,
    today: date,
    expiring_days: int = EXPIRING_DAYS,
) -> Status:
    """The status of one assignment as of today.

    A completion dated after today does not count yet, so the same call answers
    "what was the status on that day" for reports over time. A certificate is
    expired from its expiry day on, and expiring in the expiring_days before it.
    Due on a day means overdue from the next day on.
    """
    if expiring_days < 0:
        raise ValueError("expiring_days must not be negative")
    completed = completed_on is not None and completed_on <= today
    if completed and certificate_expires_on is not None:
        days_left = (certificate_expires_on - today).days
        if days_left <= 0:
            return Status.EXPIRED
        if days_left <= expiring_days:
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
