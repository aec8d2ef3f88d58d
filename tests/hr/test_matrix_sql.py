"""The matrix with a status or completion-date filter picks and counts its page
in SQL (status_sql); on random assignments every page must be the same as the
rows the Python rules filter and cut (page=None is that Python path)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.hr.matrix import training_matrix
from lms.hr.rules import Status
from lms.models import Person
from tests.hr.helpers import department
from tests.hr.test_status_sql import _build, _clear, _day, case, days

PER_PAGE = 3
FILTERS: list[dict[str, Any]] = [
    *({"status": status.value} for status in Status),
    {"completed_from": _day(3)},
    {"completed_to": _day(20)},
    {"status": Status.COMPLETED.value, "completed_from": _day(5)},
    {"status": Status.EXPIRING.value, "completed_to": _day(30)},
]


@pytest.fixture
def session(app: Any, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


def _same_names_and_departments(session: Session) -> int:
    """Ties in the sort (the same name) and a department to filter by."""
    sales = department(session, "Sales")
    session.execute(update(Person).where(Person.id % 3 == 0).values(name="Same Name"))
    session.execute(
        update(Person).where(Person.id % 2 == 0).values(department_id=sales.id)
    )
    session.flush()
    return sales.id


def _check_every_page(session: Session, today: Any, **filters: Any) -> None:
    everything = training_matrix(session, today=today, page=None, **filters)
    pages = max(1, -(-everything.total // PER_PAGE))
    for number in range(1, pages + 2):  # and one page past the end
        paged = training_matrix(
            session, today=today, page=number, per_page=PER_PAGE, **filters
        )
        start = (number - 1) * PER_PAGE
        assert paged.total == everything.total, (number, filters)
        assert paged.rows == everything.rows[start : start + PER_PAGE], (
            number,
            filters,
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cases=st.lists(case, min_size=1, max_size=10), today=days)
def test_every_filtered_page_is_the_python_filtered_page(
    session: Session, cases: list[dict[str, Any]], today: int
) -> None:
    _clear(session)
    try:
        _build(session, cases)
        sales = _same_names_and_departments(session)
        day = _day(today)
        for filters in FILTERS:
            _check_every_page(session, day, **filters)
            _check_every_page(session, day, department_id=sales, **filters)
    finally:
        _clear(session)


def test_as_of_keeps_the_python_path(session: Session) -> None:
    _clear(session)
    try:
        _build(
            session,
            [
                {
                    "assigned": 0,
                    "due_in": 5,
                    "reopened": None,
                    "certificates": [],
                    "activity": None,
                    "active_person": True,
                }
            ],
        )
        later = _day(10)
        overdue = training_matrix(
            session,
            today=later + timedelta(days=30),
            status=Status.OVERDUE.value,
            as_of=later,
            page=1,
        )
        assert overdue.total == 1
        not_yet = training_matrix(
            session,
            today=later,
            status=Status.NOT_STARTED.value,
            as_of=_day(2),
            page=1,
        )
        assert not_yet.total == 1
    finally:
        _clear(session)
