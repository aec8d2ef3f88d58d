"""Dashboard figures for a small known organisation, the page and its queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.db import get_database, utcnow
from lms.hr.assignments import assign_course
from lms.hr.dashboard import completions_by_month, dashboard
from lms.hr.rules import Status
from lms.models import Assignment, Person
from tests.certify.helpers import complete_lessons, earn
from tests.hr.helpers import (
    at,
    count_queries,
    course_id,
    department,
    person,
)
from tests.jobs.helpers import run_queued

TODAY = date(2025, 6, 10)
ASSIGNED = date(2025, 5, 1)


def give(session: Session, who: Any, due: date, assigned: date = ASSIGNED) -> None:
    assign_course(
        session,
        None,
        course_id=course_id(session),
        target="people",
        identifiers=who.email,
        due_on=due,
        today=assigned,
        now=at(assigned),
    )


@pytest.fixture
def session(app: Flask, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


@pytest.fixture
def organisation(session: Session) -> Session:
    """Sales: one completed, one overdue; Support: one in progress, one
    expiring; one person without a department who has not started."""
    sales, support = department(session, "Sales"), department(session, "Support")
    completed = person(session, dept=sales)
    overdue = person(session, dept=sales)
    in_progress = person(session, dept=support)
    expiring = person(session, dept=support)
    idle = person(session)
    earn(session, expiring, at(date(2024, 6, 20)))  # valid until 2025-06-20
    for who, due in (
        (completed, date(2025, 6, 1)),
        (overdue, date(2025, 6, 1)),
        (in_progress, date(2025, 6, 30)),
        (expiring, date(2025, 6, 30)),
        (idle, date(2025, 6, 30)),
    ):
        give(session, who, due)
    session.commit()
    earn(session, completed, at(ASSIGNED + timedelta(days=10)))
    complete_lessons(session, in_progress, at(date(2025, 5, 20)))
    return session


def test_figures_of_a_known_organisation(organisation: Session) -> None:
    data = dashboard(organisation, TODAY)
    total = data.total
    assert (total.assigned, total.completed, total.overdue, total.expiring) == (
        5,
        2,
        1,
        1,
    )
    assert total.counts[Status.IN_PROGRESS] == 1
    assert total.counts[Status.NOT_STARTED] == 1
    assert total.compliance_rate == pytest.approx(0.4)
    assert total.average_score == pytest.approx(100)
    # 10 days for the one assigned first; 0 for the one certified beforehand.
    assert total.median_days == pytest.approx(5)

    assert [(c.name, c.assigned, c.completed) for c in data.courses] == [
        ("Customer Service", 5, 2)
    ]
    by_name = {figures.name: figures for figures in data.departments}
    assert list(by_name) == ["Sales", "Support", "No department"]
    sales, support, none = by_name.values()
    assert (sales.assigned, sales.completed, sales.overdue, sales.expiring) == (
        2,
        1,
        1,
        0,
    )
    assert sales.compliance_rate == pytest.approx(0.5)
    assert sales.median_days == pytest.approx(10)
    assert (support.completed, support.expiring, support.overdue) == (1, 1, 0)
    assert support.median_days == pytest.approx(0)
    assert (none.assigned, none.completed, none.compliance_rate) == (1, 0, 0.0)
    assert none.average_score is None
    assert none.median_days is None


def test_completions_per_month(organisation: Session) -> None:
    months = completions_by_month(organisation, TODAY)
    assert len(months) == 12
    assert months[0] == (date(2024, 7, 1), 0)  # June 2024 is a year back
    assert months[-1] == (date(2025, 6, 1), 0)
    assert dict(months)[date(2025, 5, 1)] == 1
    assert sum(count for _, count in months) == 1
    earlier = completions_by_month(organisation, date(2024, 12, 31))
    assert dict(earlier)[date(2024, 6, 1)] == 1


def test_an_empty_organisation(session: Session) -> None:
    data = dashboard(session, TODAY)
    assert data.total.assigned == 0
    assert data.total.compliance_rate == 0.0
    assert data.courses == data.departments == []


def build(app: Flask, people: int) -> None:
    """people learners in two departments, all assigned; one certified."""
    today = utcnow().date()
    with get_database(app).sessionmaker() as session:
        departments = [department(session, "Sales"), department(session, "Support")]
        made = [
            person(session, dept=departments[number % 2]) for number in range(people)
        ]
        assign_course(
            session,
            None,
            course_id=course_id(session),
            target="everyone",
            due_in_days=30,
            today=today,
            now=at(today),
        )
        session.commit()
        earn(session, made[0], utcnow())
        complete_lessons(session, made[1], utcnow())


def test_the_page(app: Flask, client: Any, auth: Any, synced: Any) -> None:
    build(app, 3)
    auth.login("hr")
    response = client.get("/hr/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Compliance dashboard</h1>" in page
    assert 'id="compliance-rate">33%</dd>' in page  # 1 of 3
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert "<caption>Completions of assigned courses per month</caption>" in page
    assert "<caption>Status by department</caption>" in page
    assert "<caption>Compliance by department</caption>" in page
    assert "Customer Service" in page


@pytest.mark.parametrize(
    ("page", "shows_all"),
    [
        ("/hr/?recount=1", "<dt>Assigned</dt><dd>31</dd>"),
        ("/hr/matrix", "31 assignments"),
        ("/hr/matrix?status=not_started", "27 assignments"),
    ],
)
def test_queries_do_not_grow_with_people(
    app: Flask, client: Any, auth: Any, synced: Any, page: str, shows_all: str
) -> None:
    build(app, 3)
    auth.login("hr")
    assert client.get(page).status_code == 200  # warm caches
    with count_queries(app) as few:
        assert client.get(page).status_code == 200
    build(app, 27)  # "everyone" now includes the HR person: 31 in all
    with count_queries(app) as many:
        response = client.get(page)
        assert response.status_code == 200
    assert len(many) == len(few), many
    assert len(few) <= 15, few
    assert shows_all in response.get_data(as_text=True)


def test_opening_the_dashboard_reopens_expired_assignments(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    today = utcnow().date()
    long_ago = today - timedelta(days=400)
    with get_database(app).sessionmaker() as session:
        learner = person(session)
        earn(session, learner, at(long_ago))  # expired 35 days ago
        give(session, learner, long_ago + timedelta(days=30), assigned=long_ago)
        session.commit()
    auth.login("hr")
    page = client.get("/hr/").get_data(as_text=True)
    assert "<dt>Overdue</dt><dd><a" in page  # renewal was due 5 days ago
    with count_queries(app) as statements:
        client.get("/hr/")  # storing the re-opening did not outdate the figures
    assert not any("row_number" in sql.lower() for sql in statements)
    with get_database(app).sessionmaker() as session:
        stored = session.scalars(select(Assignment)).one()
        # Valid through valid_until (long_ago + 365), re-opened the day after.
        expired_on = long_ago + timedelta(days=366)
        assert stored.reopened_on == expired_on
        assert stored.due_on == expired_on + timedelta(days=30)


def test_figures_are_kept_until_an_assignment_or_certificate_changes_them(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    build(app, 3)
    auth.login("hr")
    first = client.get("/hr/").get_data(as_text=True)
    assert "<dt>Assigned</dt><dd>3</dd>" in first
    assert "Count again now" in first
    with count_queries(app) as statements:
        again = client.get("/hr/").get_data(as_text=True)
    assert "<dt>Assigned</dt><dd>3</dd>" in again
    assert not any("row_number" in sql.lower() for sql in statements), statements
    with get_database(app).sessionmaker() as session:
        give(session, person(session), utcnow().date() + timedelta(days=9))
        session.commit()
    stale = client.get("/hr/").get_data(as_text=True)
    assert "<dt>Assigned</dt><dd>3</dd>" in stale
    assert "Counting again…" in stale
    assert run_queued(app) == 1
    assert "<dt>Assigned</dt><dd>4</dd>" in client.get("/hr/").get_data(as_text=True)
    with get_database(app).sessionmaker() as session:
        learner = session.scalars(select(Person).where(Person.name.like("Learner%")))
        earn(session, list(learner)[-1], utcnow())
    assert "<dt>Completed</dt><dd>1</dd>" in client.get("/hr/").get_data(as_text=True)
    assert run_queued(app) == 1
    assert "<dt>Completed</dt><dd>2</dd>" in client.get("/hr/").get_data(as_text=True)


def test_activity_that_leaves_no_trace_shows_on_recount(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    build(app, 3)
    auth.login("hr")
    client.get("/hr/")
    with get_database(app).sessionmaker() as session:
        idle = session.scalars(
            select(Person)
            .join(Assignment, Assignment.person_id == Person.id)
            .where(Person.name.like("Learner%"))
            .order_by(Person.id.desc())
        ).first()
        assert idle is not None
        complete_lessons(session, idle, utcnow())
    kept = client.get("/hr/").get_data(as_text=True)
    counted = client.get("/hr/?recount=1").get_data(as_text=True)
    assert _in_progress(kept) + 1 == _in_progress(counted)


def _in_progress(page: str) -> int:
    """The sum of the in-progress column of the status-by-department table."""
    table = page[page.index("<caption>Status by department</caption>") :]
    table = table[: table.index("</table>")]
    header = re.findall(r'<th scope="col">([^<]*)</th>', table)
    column = header.index("in progress")
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table)
    return sum(int(re.findall(r"<td>(\d+)</td>", row)[column - 1]) for row in rows)


def test_the_german_chart_names_months_in_german(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    build(app, 3)
    auth.login("hr", language="de")
    page = client.get("/hr/").get_data(as_text=True)
    chart = page[page.index("chart-completions-title") :]
    chart = chart[: chart.index("</svg>")]
    assert not re.search(r"\d{4}-\d\d-\d\d", chart)  # no ISO dates for people
    month = utcnow().date()
    german = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug."]
    german += ["Sept.", "Okt.", "Nov.", "Dez."]
    assert f"{german[month.month - 1]} {month.year}</text>" in chart
    table = page[page.index("<caption>Abschlüsse zugewiesener Kurse pro Monat") :]
    assert f'<th scope="row">{german[month.month - 1]} {month.year}</th>' in table


def test_the_chart_counts_what_the_tables_count(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    """A course completed without an assignment is in neither the tables nor
    the chart; once assigned, it is in both (issue 17)."""
    today = utcnow().date()
    with get_database(app).sessionmaker() as session:
        lena = person(session, dept=department(session, "Sales"))
        session.commit()
        earn(session, lena, utcnow())
        session.commit()
        assert sum(count for _, count in completions_by_month(session, today)) == 0
    auth.login("hr")
    page = client.get("/hr/?recount=1").get_data(as_text=True)
    assert "<dt>Assigned</dt><dd>0</dd>" in page
    table = page[page.index("<caption>Completions of assigned courses") :]
    table = table[: table.index("</table>")]
    assert re.findall(r"<td>(\d+)</td>", table) == ["0"] * 12

    with get_database(app).sessionmaker() as session:
        give(session, session.merge(lena), today + timedelta(days=30), assigned=today)
        session.commit()
        data = dashboard(session, today)
        chart = sum(count for _, count in completions_by_month(session, today))
        assert (data.total.assigned, data.total.completed, chart) == (1, 1, 1)
    page = client.get("/hr/?recount=1").get_data(as_text=True)
    assert "<dt>Assigned</dt><dd>1</dd>" in page
