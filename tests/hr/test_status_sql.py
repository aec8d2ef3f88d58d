"""The dashboard counts statuses in SQL (status_sql); the matrix, exports and
reminders compute them in Python (rules.effective_state). On random
assignments, certificates (newer, superseded, revoked, expired) and activity,
checked on the day of the test's choosing, both must agree on every row:
status, and for valid completions the score and the days it took.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.hr.matrix import assignment_states
from lms.hr.rules import COMPLIANT
from lms.hr.status_sql import live_assignments_with_status
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    Lesson,
    LessonProgress,
    Person,
    PersonRole,
)
from tests.hr.helpers import course_id, person

DAY0 = date(2025, 1, 1)
_serial = itertools.count(1)

# A narrow range of days, so that boundaries (due today, expiring in exactly
# 30 days, activity on the re-opening day) are hit often.
days = st.integers(min_value=0, max_value=45)
certificate = st.fixed_dictionaries(
    {
        "completed": days,
        "validity": st.one_of(st.none(), st.integers(min_value=1, max_value=45)),
        "score": st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
        "revoked": st.booleans(),
        "superseded": st.booleans(),
    }
)
case = st.fixed_dictionaries(
    {
        "assigned": days,
        "due_in": st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
        "reopened": st.one_of(st.none(), days),
        "certificates": st.lists(certificate, max_size=3),
        "activity": st.one_of(st.none(), st.tuples(days, days)),
        "active_person": st.sampled_from([True, True, True, False]),
    }
)


@pytest.fixture
def session(app: Any, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


def _day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


def _at(offset: int, hour: int) -> datetime:
    day = _day(offset)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _certificate(
    session: Session, person_id: int, course: int, spec: dict[str, Any]
) -> Certificate:
    n = next(_serial)
    completed = _day(spec["completed"])
    made = Certificate(
        number=f"CSE-2099-{n:06d}",
        prefix="CSE",
        year=2099,
        sequence=n,
        verification_code=f"CODE{n:08d}",
        issue_key=f"test:{n}",
        person_id=person_id,
        course_id=course,
        holder_name="Holder",
        course_title="Course",
        language="en",
        score_percent=spec["score"],
        completed_on=completed,
        issued_at=_at(spec["completed"], 9 + n % 5),
        valid_until=completed + timedelta(days=spec["validity"])
        if spec["validity"]
        else None,
        content_version="test",
        pdf_sha256="0" * 64,
        pdf=b"%PDF",
        revoked_at=_at(spec["completed"], 20) if spec["revoked"] else None,
    )
    session.add(made)
    session.flush()
    return made


def _build(session: Session, cases: list[dict[str, Any]]) -> None:
    course = course_id(session)
    lesson_id = session.scalars(select(Lesson.id)).first()
    for spec in cases:
        learner = person(session, active=spec["active_person"])
        assigned = _day(spec["assigned"])
        session.add(
            Assignment(
                person_id=learner.id,
                course_id=course,
                assigned_on=assigned,
                due_on=assigned + timedelta(days=spec["due_in"])
                if spec["due_in"] is not None
                else None,
                reopened_on=_day(spec["reopened"])
                if spec["reopened"] is not None
                else None,
            )
        )
        previous: Certificate | None = None
        for cert_spec in spec["certificates"]:
            made = _certificate(session, learner.id, course, cert_spec)
            if previous is not None and cert_spec["superseded"]:
                previous.superseded_by_id = made.id
                previous.superseded_at = made.issued_at
            previous = made
        if spec["activity"] is not None:
            first, last = sorted(spec["activity"])
            session.add(
                LessonProgress(
                    person_id=learner.id,
                    lesson_id=lesson_id,
                    first_viewed_at=_at(first, 23),
                    last_viewed_at=_at(last, 0),
                )
            )
    session.flush()


def _clear(session: Session) -> None:
    session.rollback()
    for model in (LessonProgress, Attempt, Certificate, Assignment, PersonRole):
        session.execute(delete(model))
    session.execute(delete(Person))
    session.commit()


def _cert(completed: int, validity: int | None) -> dict[str, Any]:
    return {
        "completed": completed,
        "validity": validity,
        "score": 75.0,
        "revoked": False,
        "superseded": False,
    }


def _case(
    assigned: int,
    due_in: int | None,
    reopened: int | None,
    certificates: list[dict[str, Any]],
    activity: tuple[int, int] | None,
) -> dict[str, Any]:
    return {
        "assigned": assigned,
        "due_in": due_in,
        "reopened": reopened,
        "certificates": certificates,
        "activity": activity,
        "active_person": True,
    }


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cases=st.lists(case, min_size=1, max_size=10), today=days)
@example(  # expiring in exactly 30 days; on the valid_until day (still valid)
    cases=[
        _case(0, 5, None, [_cert(2, 40)], (1, 2)),
        _case(0, 5, None, [_cert(2, 10)], (1, 2)),
        _case(0, None, None, [_cert(1, 11)], (1, 3)),
    ],
    today=12,
)
@example(  # the day after valid_until: expired, re-opened on that day
    cases=[
        _case(0, 5, None, [_cert(2, 10)], (1, 2)),
        _case(0, None, None, [_cert(1, 11)], (1, 13)),
    ],
    today=13,
)
@example(  # the renewal's due date (expiry day + 30 days), the day after it
    cases=[_case(0, 5, None, [_cert(1, 3)], None)],
    today=35,
)
@example(cases=[_case(0, 5, None, [_cert(1, 3)], None)], today=36)
@example(  # expired before the assignment; active in between, then not
    cases=[
        _case(10, 20, None, [_cert(1, 3)], (5, 6)),
        _case(10, 20, None, [_cert(1, 3)], (5, 11)),
    ],
    today=12,
)
@example(  # re-opened on day 13, renewed on that very day; activity on that day
    cases=[
        _case(0, None, 13, [_cert(1, 11), _cert(13, 30)], (1, 13)),
        _case(0, None, 13, [_cert(1, 11)], (1, 13)),
    ],
    today=14,
)
@pytest.mark.parametrize("by_index", [False, True], ids=["joined", "by-index"])
def test_sql_and_python_agree_on_every_assignment(
    session: Session, by_index: bool, cases: list[dict[str, Any]], today: int
) -> None:
    try:
        _build(session, cases)
        on = _day(today)
        expected = {}
        for state in assignment_states(session, today=on):
            effective, row = state.effective, state.row
            counted = effective.counted
            compliant = counted is not None and effective.status in COMPLIANT
            took = None
            if compliant and counted is not None:
                start = effective.reopened_on or row.assigned_on
                took = max(0, (counted.completed_on - start).days)
            expected[row.person_id] = (
                effective.status.value,
                counted.score_percent if compliant and counted else None,
                took,
            )
        query = live_assignments_with_status(on, by_index=by_index).add_columns(
            Assignment.person_id
        )
        found = {
            row.person_id: (row.status, row.score, row.days)
            for row in session.execute(query)
        }
        assert found.keys() == expected.keys()
        for key, (status, score, took) in expected.items():
            got_status, got_score, got_days = found[key]
            assert (got_status, got_days) == (status, took), key
            if score is None:
                assert got_score is None, key
            else:
                assert got_score == pytest.approx(score), key
    finally:
        _clear(session)
