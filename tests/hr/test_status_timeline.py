"""Statuses through time with fixed dates, re-opening by an expired certificate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.hr.assignments import assign_course, reopen_expired
from lms.hr.matrix import training_matrix
from lms.hr.rules import CertificateInfo, Status, effective_state, reopening
from lms.hr.schedule.tasks import reopen_assignments
from lms.models import Assignment, AuditEntry, LessonProgress
from tests.certify.helpers import complete_lessons, earn, issue, pass_quiz
from tests.hr.helpers import at, course_id, person

ASSIGNED = date(2025, 1, 1)
DUE = date(2025, 1, 31)
DONE = date(2025, 1, 20)
VALID_UNTIL = date(2026, 1, 20)  # the test course's certificates last 365 days
EXPIRES = VALID_UNTIL + timedelta(days=1)  # valid through VALID_UNTIL, expired after
RENEWAL_DUE = EXPIRES + timedelta(days=30)


@pytest.fixture
def session(app: Any, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


def status_on(session: Session, today: date) -> Status:
    rows = training_matrix(session, today=today).rows
    assert len(rows) == 1
    return rows[0].status


def assign_due(session: Session, learner: Any) -> None:
    """HR assigns the test course to the learner on ASSIGNED, due on DUE."""
    assign_course(
        session,
        None,
        course_id=course_id(session),
        target="people",
        identifiers=learner.email,
        due_on=DUE,
        today=ASSIGNED,
        now=at(ASSIGNED),
    )


def test_one_assignment_through_its_whole_life(session: Session) -> None:
    learner = person(session, "Ada")
    assign_due(session, learner)
    session.commit()
    assert status_on(session, ASSIGNED) is Status.NOT_STARTED

    complete_lessons(session, learner, at(date(2025, 1, 10)))
    assert status_on(session, date(2025, 1, 9)) is Status.NOT_STARTED
    assert status_on(session, date(2025, 1, 10)) is Status.IN_PROGRESS

    certificate = earn_after_lessons(session, learner, DONE)
    assert (certificate.completed_on, certificate.valid_until) == (DONE, VALID_UNTIL)
    assert status_on(session, DONE) is Status.COMPLETED
    row = training_matrix(session, today=DONE).rows[0]
    assert row.certificate_number == certificate.number
    assert (row.completed_on, row.expires_on, row.score_percent) == (
        DONE,
        VALID_UNTIL,
        100,
    )

    assert status_on(session, VALID_UNTIL - timedelta(days=31)) is Status.COMPLETED
    assert status_on(session, VALID_UNTIL - timedelta(days=30)) is Status.EXPIRING
    assert status_on(session, VALID_UNTIL) is Status.EXPIRING
    # Expired from the day after valid_until on; the renewal is due 30 days later even
    # before reopen_expired has stored it.
    assert status_on(session, EXPIRES) is Status.EXPIRED
    assert training_matrix(session, today=EXPIRES).rows[0].due_on == RENEWAL_DUE

    assert reopen_expired(session, EXPIRES + timedelta(days=3)) == 1
    session.commit()
    stored = session.scalars(select(Assignment)).one()
    assert (stored.reopened_on, stored.due_on) == (EXPIRES, RENEWAL_DUE)
    assert reopen_expired(session, EXPIRES + timedelta(days=4)) == 0
    assert (
        session.scalar(
            select(AuditEntry.details_json).where(
                AuditEntry.action == "assignment.reopen"
            )
        )
        == '{"renewal_days": 30, "reopened": 1}'
    )

    assert status_on(session, RENEWAL_DUE) is Status.EXPIRED
    assert status_on(session, RENEWAL_DUE + timedelta(days=1)) is Status.OVERDUE
    # A lesson viewed after the re-opening starts the renewal.
    session.execute(
        update(LessonProgress).values(last_viewed_at=at(EXPIRES + timedelta(days=5)))
    )
    session.commit()
    assert status_on(session, EXPIRES + timedelta(days=6)) is Status.IN_PROGRESS
    assert status_on(session, RENEWAL_DUE + timedelta(days=1)) is Status.OVERDUE

    renewed_on = RENEWAL_DUE + timedelta(days=5)
    pass_quiz(session, learner, "final", at(renewed_on))
    renewal = issue(session, learner, at(renewed_on))
    assert renewal is not None
    assert status_on(session, renewed_on) is Status.COMPLETED
    row = training_matrix(session, today=renewed_on).rows[0]
    assert row.certificate_number == renewal.number
    assert row.completed_on == renewed_on


def earn_after_lessons(session: Session, learner: Any, day: date) -> Any:
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, learner, bank, at(day))
    certificate = issue(session, learner, at(day))
    assert certificate is not None
    return certificate


def test_a_certificate_earned_before_the_assignment_counts(session: Session) -> None:
    learner = person(session)
    earn(session, learner, at(date(2024, 6, 1)))
    assign_course(
        session,
        None,
        course_id=course_id(session),
        target="people",
        identifiers=learner.email,
        due_in_days=30,
        today=ASSIGNED,
        now=at(ASSIGNED),
    )
    session.commit()
    assert status_on(session, ASSIGNED) is Status.COMPLETED
    assert status_on(session, date(2025, 5, 2)) is Status.EXPIRING
    assert status_on(session, date(2025, 6, 1)) is Status.EXPIRING  # valid_until
    assert status_on(session, date(2025, 6, 2)) is Status.EXPIRED


def test_a_revoked_certificate_does_not_count(session: Session) -> None:
    learner = person(session)
    certificate = earn(session, learner, at(date(2024, 12, 1)))
    certificate.revoked_at = at(date(2024, 12, 2))
    assign_due(session, learner)
    session.commit()
    assert status_on(session, ASSIGNED) is Status.IN_PROGRESS
    assert status_on(session, DUE + timedelta(days=1)) is Status.OVERDUE
    assert training_matrix(session, today=ASSIGNED).rows[0].certificate_number is None


CERT = CertificateInfo("CSE-2025-000001", DONE, VALID_UNTIL, 90.0)


@pytest.mark.parametrize(
    ("assigned_on", "due_on", "reopened_on", "certificate", "today", "expected"),
    [
        # Nothing to re-open: no certificate, no expiry, not expired yet.
        (ASSIGNED, DUE, None, None, EXPIRES, (None, DUE)),
        (ASSIGNED, DUE, None, CERT, EXPIRES - timedelta(days=1), (None, DUE)),
        (
            ASSIGNED,
            DUE,
            None,
            CertificateInfo("X", DONE, None, None),
            date(2030, 1, 1),
            (None, DUE),
        ),
        # Expired: re-opened on the expiry day, due 30 days later.
        (ASSIGNED, DUE, None, CERT, EXPIRES, (EXPIRES, RENEWAL_DUE)),
        (ASSIGNED, None, None, CERT, date(2027, 1, 1), (EXPIRES, RENEWAL_DUE)),
        # Already re-opened for this expiry: left alone.
        (
            ASSIGNED,
            date(2026, 3, 1),
            EXPIRES,
            CERT,
            date(2027, 1, 1),
            (EXPIRES, date(2026, 3, 1)),
        ),
        # Assigned after the certificate expired: the assignment's own dates.
        (
            date(2026, 2, 1),
            date(2026, 3, 1),
            None,
            CERT,
            date(2026, 2, 2),
            (date(2026, 2, 1), date(2026, 3, 1)),
        ),
    ],
)
def test_reopening(
    assigned_on: date,
    due_on: date | None,
    reopened_on: date | None,
    certificate: CertificateInfo | None,
    today: date,
    expected: tuple[date | None, date | None],
) -> None:
    assert reopening(assigned_on, due_on, reopened_on, certificate, today) == expected


@pytest.mark.parametrize(
    ("today", "activity", "expected"),
    [
        (date(2025, 6, 1), None, Status.COMPLETED),
        (EXPIRES - timedelta(days=1), None, Status.EXPIRING),
        (EXPIRES, None, Status.EXPIRED),
        (EXPIRES + timedelta(days=3), date(2025, 1, 10), Status.EXPIRED),
        (EXPIRES + timedelta(days=3), EXPIRES + timedelta(days=1), Status.IN_PROGRESS),
        (RENEWAL_DUE, None, Status.EXPIRED),
        (RENEWAL_DUE + timedelta(days=1), None, Status.OVERDUE),
    ],
)
def test_effective_status_after_expiry(
    today: date, activity: date | None, expected: Status
) -> None:
    # Activity: first lesson on 10 January 2025, the last on the day given.
    span = (date(2025, 1, 10), activity) if activity else None
    effective = effective_state(ASSIGNED, DUE, None, CERT, span, today)
    assert effective.status is expected
    stored = effective_state(ASSIGNED, RENEWAL_DUE, EXPIRES, CERT, span, today)
    assert stored.status is expected


def test_a_renewal_after_reopening_counts_again() -> None:
    renewal = CertificateInfo("B", RENEWAL_DUE, RENEWAL_DUE + timedelta(days=365), 80)
    effective = effective_state(
        ASSIGNED, RENEWAL_DUE, EXPIRES, renewal, None, RENEWAL_DUE + timedelta(days=1)
    )
    assert effective.status is Status.COMPLETED
    assert effective.counted == renewal


def test_the_scheduled_reopening_counts_the_organisations_day(
    app: Any, session: Session
) -> None:
    """At 23:30 UTC on the last valid day it is already the next day in Berlin
    (LMS_TIMEZONE): the certificate has expired there, so the worker re-opens."""
    learner = person(session, "Ada")
    assign_due(session, learner)
    complete_lessons(session, learner, at(date(2025, 1, 10)))
    earn_after_lessons(session, learner, DONE)
    session.commit()
    late_evening = datetime.combine(VALID_UNTIL, time(23, 30), tzinfo=UTC)
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Europe/Berlin"
    with app.app_context():
        assert reopen_assignments(session, late_evening) == "re-opened 1 assignment(s)"
    stored = session.scalars(select(Assignment)).one()
    assert stored.reopened_on == EXPIRES
