"""The assign page, who may see HR pages, and the learner's assignments."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask, render_template
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.hr.assignments import assign_course, assignments_for
from lms.hr.rules import Status
from lms.models import Assignment, AssignmentRule
from tests.certify.helpers import earn
from tests.hr.helpers import (
    at,
    course_id,
    department,
    person,
    second_course,
)

HR_PAGES = ["/hr/", "/hr/matrix", "/hr/assign"]


@pytest.mark.parametrize("url", HR_PAGES)
def test_learners_may_not_see_hr_pages(client: Any, auth: Any, url: str) -> None:
    auth.login("learner")
    assert client.get(url).status_code == 403


def test_other_roles_may_not_assign(client: Any, auth: Any, synced: Any) -> None:
    auth.login("author")
    response = client.submit(
        "/hr/assign", {"course": "1", "target": "everyone"}, page="/"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("url", HR_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admins_may(client: Any, auth: Any, role: str) -> None:
    auth.login(role)
    for url in HR_PAGES:
        assert client.get(url).status_code == 200, url


def test_assign_by_pasting_a_list(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    with get_database(app).sessionmaker() as session:
        people = [person(session, employee_id=f"E-{n}") for n in range(3)]
        emails = [p.email for p in people]
        course = course_id(session)
        session.commit()
    hr = auth.login("hr")
    form = client.get(f"/hr/assign?course={course}").get_data(as_text=True)
    assert f'<option value="{course}" selected>Customer Service</option>' in form
    response = client.submit(
        "/hr/assign",
        {
            "course": str(course),
            "target": "people",
            "people": f"{emails[0]}\r\nE-1, {emails[2]}",
            "due_mode": "date",
            "due_on": (utcnow().date() + timedelta(days=20)).isoformat(),
        },
        page="/hr/assign",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/hr/matrix?course={course}"
    assert "Assigned: 3 new, 0 with a changed due date." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    with get_database(app).sessionmaker() as session:
        rows = session.scalars(select(Assignment)).all()
        assert {row.person_id for row in rows} == {p.id for p in people}
        assert {row.assigned_by_id for row in rows} == {hr.id}


def test_assign_to_a_department_with_days(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    with get_database(app).sessionmaker() as session:
        sales = department(session, "Sales")
        member = person(session, dept=sales)
        person(session)
        ids = (sales.id, member.id, course_id(session))
        session.commit()
    auth.login("hr")
    response = client.submit(
        "/hr/assign",
        {
            "course": str(ids[2]),
            "target": "department",
            "department": str(ids[0]),
            "due_mode": "days",
            "due_in_days": "14",
        },
        page="/hr/assign",
    )
    assert response.status_code == 302
    with get_database(app).sessionmaker() as session:
        row = session.scalars(select(Assignment)).one()
        assert row.person_id == ids[1]
        assert row.due_on == utcnow().date() + timedelta(days=14)
        assert session.scalars(select(AssignmentRule)).one().department_id == ids[0]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"course": ""}, 'id="course-error">Choose a course.'),
        (
            {"people": "ghost@example.com"},
            'id="people-error">No active person has these e-mail addresses or ids:'
            " ghost@example.com",
        ),
        ({"due_mode": "date", "due_on": "soon"}, 'id="due_on-error">Enter a date'),
        ({"due_in_days": "-4"}, 'id="due_in_days-error">Give a number of days'),
        ({"due_in_days": "0"}, 'id="due_in_days-error">Give a number of days'),
        ({"target": "department"}, 'id="department-error">Choose a department.'),
        ({"due_mode": "date", "due_on": "2000-01-01"}, "The due date is in the past."),
    ],
)
def test_assign_form_errors_stand_next_to_their_fields(
    app: Flask,
    client: Any,
    auth: Any,
    synced: Any,
    form: dict[str, str],
    message: str,
) -> None:
    with get_database(app).sessionmaker() as session:
        course = course_id(session)
    auth.login("hr")
    data = {
        "course": str(course),
        "target": "people",
        "people": "nobody-needed",
        "due_mode": "days",
        "due_in_days": "30",
    }
    if "people" not in form and form.get("target") != "department":
        data["people"] = auth.make_person().email
    data.update(form)
    response = client.submit("/hr/assign", data, page="/hr/assign")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'role="alert"' in page
    with get_database(app).sessionmaker() as session:
        assert session.scalars(select(Assignment)).all() == []


def test_learners_see_their_assignments_overdue_first(app: Flask, synced: Any) -> None:
    today = date(2025, 6, 10)
    with get_database(app).sessionmaker() as session:
        learner = person(session, "Lea", language="de")
        other = person(session, "Otto")
        for course, due in (
            (second_course(session), date(2025, 6, 30)),
            (course_id(session), date(2025, 6, 1)),
        ):
            assign_course(
                session,
                None,
                course_id=course,
                target="people",
                identifiers=learner.email,
                due_on=due,
                today=date(2025, 5, 1),
                now=at(date(2025, 5, 1)),
            )
        session.commit()
        items = assignments_for(session, learner, today)
        assert [(i.title, i.status, i.due_on) for i in items] == [
            ("Kundenservice", Status.OVERDUE, date(2025, 6, 1)),
            ("Fire safety", Status.NOT_STARTED, date(2025, 6, 30)),
        ]
        assert [i.url for i in items] == ["/courses/cse", "/courses/fire"]
        assert items[0].is_overdue
        earn(session, learner, at(today))
        items = assignments_for(session, learner, today)
        assert [(i.title, i.status) for i in items] == [
            ("Fire safety", Status.NOT_STARTED),
            ("Kundenservice", Status.COMPLETED),
        ]
        assert items[1].expires_on == date(2026, 6, 10)
        assert assignments_for(session, other, today) == []


def test_the_home_fragment(app: Flask, synced: Any) -> None:
    today = date(2025, 6, 10)
    with get_database(app).sessionmaker() as session:
        learner = person(session, "Lea")
        assign_course(
            session,
            None,
            course_id=course_id(session),
            target="people",
            identifiers=learner.email,
            due_on=date(2025, 6, 1),
            today=date(2025, 5, 1),
            now=at(date(2025, 5, 1)),
        )
        session.commit()
        items = assignments_for(session, learner, today)
    with app.test_request_context("/"):
        html = render_template("home/assignments.html", assignments=items)
        empty = render_template("home/assignments.html", assignments=[])
    assert '<h2 id="my-assignments">Assigned to me</h2>' in html
    assert '<a href="/courses/cse">Customer Service</a>' in html
    assert '<span class="status status--overdue">overdue</span>' in html
    assert "Jun 1, 2025" in html
    assert empty.strip() == ""
