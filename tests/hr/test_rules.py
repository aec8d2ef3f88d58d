"""Assignment statuses through time, due dates, compliance and medians."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.hr.rules import (
    Status,
    assignment_status,
    compliance_rate,
    due_date,
    median_days,
    reopened_due_on,
)

ASSIGNED = date(2024, 3, 1)
DUE = date(2024, 3, 31)
DONE = date(2024, 3, 20)
EXPIRES = date(2025, 3, 20)


@pytest.mark.parametrize(
    ("today", "due_on", "started", "completed_on", "expires_on", "expected"),
    [
        # Before and on the day of assignment, nothing has happened yet.
        (date(2024, 2, 1), DUE, False, None, None, Status.NOT_STARTED),
        (ASSIGNED, DUE, False, None, None, Status.NOT_STARTED),
        (date(2024, 3, 10), DUE, True, None, None, Status.IN_PROGRESS),
        (DUE, DUE, True, None, None, Status.IN_PROGRESS),  # due today: not late
        (DUE + timedelta(days=1), DUE, True, None, None, Status.OVERDUE),
        (DUE + timedelta(days=1), DUE, False, None, None, Status.OVERDUE),
        (date(2030, 1, 1), None, False, None, None, Status.NOT_STARTED),
        (date(2030, 1, 1), None, True, None, None, Status.IN_PROGRESS),
        # A completion counts from its day on, so earlier days show the past.
        (date(2024, 3, 19), DUE, True, DONE, EXPIRES, Status.IN_PROGRESS),
        (DONE, DUE, True, DONE, EXPIRES, Status.COMPLETED),
        (date(2024, 5, 1), DUE, True, date(2024, 4, 15), None, Status.COMPLETED),
        (date(2024, 4, 14), DUE, True, date(2024, 4, 15), None, Status.OVERDUE),
        (date(2030, 1, 1), DUE, True, DONE, None, Status.COMPLETED),
        # Certificates (EXPIRES is valid_until): expiring from 30 days before
        # it, still valid on it (included), expired from the next day on.
        (EXPIRES - timedelta(days=31), DUE, True, DONE, EXPIRES, Status.COMPLETED),
        (EXPIRES - timedelta(days=30), DUE, True, DONE, EXPIRES, Status.EXPIRING),
        (EXPIRES - timedelta(days=1), DUE, True, DONE, EXPIRES, Status.EXPIRING),
        (EXPIRES, DUE, True, DONE, EXPIRES, Status.EXPIRING),
        (EXPIRES + timedelta(days=1), DUE, True, DONE, EXPIRES, Status.EXPIRED),
        (date(2030, 1, 1), DUE, True, DONE, EXPIRES, Status.EXPIRED),
        # An expiry without a completion (yet) is not a certificate.
        (date(2030, 1, 1), DUE, True, None, EXPIRES, Status.OVERDUE),
    ],
)
def test_status_through_time(
    today: date,
    due_on: date | None,
    started: bool,
    completed_on: date | None,
    expires_on: date | None,
    expected: Status,
) -> None:
    status = assignment_status(
        ASSIGNED, due_on, started, completed_on, expires_on, today=today
    )
    assert status is expected


@pytest.mark.parametrize(
    ("expiring_days", "expected"),
    [(0, Status.COMPLETED), (9, Status.COMPLETED), (10, Status.EXPIRING)],
)
def test_expiring_window_is_configurable(expiring_days: int, expected: Status) -> None:
    today = EXPIRES - timedelta(days=10)
    status = assignment_status(
        ASSIGNED, DUE, True, DONE, EXPIRES, today, expiring_days=expiring_days
    )
    assert status is expected


def test_negative_expiring_window_is_refused() -> None:
    with pytest.raises(ValueError, match="expiring_days"):
        assignment_status(ASSIGNED, DUE, True, DONE, EXPIRES, DONE, expiring_days=-1)


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    due_in=st.one_of(st.none(), st.integers(0, 400)),
    started=st.booleans(),
    done_after=st.one_of(st.none(), st.integers(0, 400)),
    valid_for=st.one_of(st.none(), st.integers(1, 800)),
)
def test_status_is_always_one_of_six(
    today: date,
    due_in: int | None,
    started: bool,
    done_after: int | None,
    valid_for: int | None,
) -> None:
    completed_on = None if done_after is None else ASSIGNED + timedelta(done_after)
    expires_on = (
        None
        if completed_on is None or valid_for is None
        else completed_on + timedelta(valid_for)
    )
    status = assignment_status(
        ASSIGNED,
        due_date(ASSIGNED, None, due_in),
        started,
        completed_on,
        expires_on,
        today,
    )
    assert status in set(Status)
    if completed_on is not None and completed_on <= today:
        assert status in {Status.COMPLETED, Status.EXPIRING, Status.EXPIRED}


def test_reopened_due_date() -> None:
    assert reopened_due_on(EXPIRES, 30) == date(2025, 4, 19)
    assert reopened_due_on(EXPIRES, 0) == EXPIRES
    with pytest.raises(ValueError, match="renewal_days"):
        reopened_due_on(EXPIRES, -1)


@pytest.mark.parametrize(
    ("fixed_due", "due_in_days", "expected"),
    [
        (None, None, None),
        (None, 14, date(2024, 3, 15)),
        (None, 0, ASSIGNED),
        (DUE, None, DUE),
        (DUE, 14, DUE),
    ],
)
def test_due_date(
    fixed_due: date | None, due_in_days: int | None, expected: date | None
) -> None:
    assert due_date(ASSIGNED, fixed_due, due_in_days) == expected


def test_due_in_negative_days_is_refused() -> None:
    with pytest.raises(ValueError, match="due_in_days"):
        due_date(ASSIGNED, None, -1)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, 0.0),
        ({Status.COMPLETED: 0}, 0.0),
        ({Status.COMPLETED: 3}, 1.0),
        ({"completed": 6, "expiring": 2, "overdue": 1, "expired": 1}, 0.8),
        (
            {
                Status.NOT_STARTED: 1,
                Status.IN_PROGRESS: 1,
                Status.COMPLETED: 1,
                Status.OVERDUE: 1,
                Status.EXPIRING: 0,
                Status.EXPIRED: 0,
            },
            0.25,
        ),
    ],
)
def test_compliance_rate(counts: dict[str, int], expected: float) -> None:
    assert compliance_rate(counts) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("counts", "match"),
    [({"done": 1}, "done"), ({"completed": -1}, "negative")],
)
def test_compliance_rate_rejects_bad_counts(counts: dict[str, int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        compliance_rate(counts)


@pytest.mark.parametrize(
    ("durations", "expected"),
    [
        ([], None),
        ([5], 5.0),
        ([1, 9, 3], 3.0),
        ([1, 2, 3, 10], 2.5),
        ([timedelta(days=2), timedelta(hours=36), 4], 2.0),
    ],
)
def test_median_days(durations: list[timedelta | int], expected: float | None) -> None:
    assert median_days(iter(durations)) == expected
