"""Picking people for an assignment: search and tick, without JavaScript (issue 17)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import select

from lms.db import get_database
from lms.hr.picker import SHOWN
from lms.models import Assignment
from tests.hr.helpers import course_id, department, person


def _ticked(html: str) -> set[str]:
    """The person ids ticked in the assignment (POST) form."""
    form = html[html.index('<form method="post"') :]
    return set(re.findall(r'name="person" value="(\d+)" checked', form))


def _listed(html: str) -> set[str]:
    """The person ids offered by the search (GET) form."""
    form = html[html.index('role="search"') : html.index('<form method="post"')]
    return set(re.findall(r'name="person" value="(\d+)"', form))


def test_search_tick_and_assign_without_javascript(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    with get_database(app).sessionmaker() as session:
        sales = department(session, "Sales")
        anna = person(session, "Anna Albrecht", dept=sales)
        bert = person(session, "Bert Brandt")
        cara = person(session, "Cara Salesky", dept=department(session, "Support"))
        gone = person(session, "Anna Gone", active=False)
        ids = {
            name: str(p.id)
            for name, p in [
                ("anna", anna),
                ("bert", bert),
                ("cara", cara),
                ("gone", gone),
            ]
        }
        bert_email = bert.email
        course = course_id(session)
        session.commit()
    auth.login("hr")

    # Search by department name: Anna (in Sales); "Cara Salesky" by name too.
    html = client.get(f"/hr/assign?course={course}&q=sales").get_data(as_text=True)
    assert _listed(html) == {ids["anna"], ids["cara"]}
    assert f'<option value="{course}" selected>' in html  # the course stays chosen
    # Search by e-mail address, ticking Anna from the earlier search: she stays.
    query = urlencode({"course": course, "q": bert_email, "person": ids["anna"]})
    html = client.get(f"/hr/assign?{query}").get_data(as_text=True)
    assert _listed(html) == {ids["bert"]}
    assert f'name="chosen" value="{ids["anna"]}"' in html  # kept across searches
    query = urlencode(
        {"course": course, "q": "", "chosen": ids["anna"], "person": ids["bert"]}
    )
    html = client.get(f"/hr/assign?{query}").get_data(as_text=True)
    assert _ticked(html) == {ids["anna"], ids["bert"]}
    assert "2 people chosen" in html
    assert ids["gone"] not in _listed(html)  # deactivated people are not offered

    response = client.submit(
        "/hr/assign",
        {
            "course": str(course),
            "target": "people",
            "person": [ids["anna"], ids["bert"]],
            "due_mode": "days",
            "due_in_days": "30",
        },
        page="/hr/assign",
    )
    assert response.status_code == 302
    with get_database(app).sessionmaker() as session:
        assigned = {str(row.person_id) for row in session.scalars(select(Assignment))}
    assert assigned == {ids["anna"], ids["bert"]}


def test_a_long_list_is_capped_with_a_message(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    with get_database(app).sessionmaker() as session:
        for _ in range(SHOWN + 5):
            person(session)
        session.commit()
    auth.login("hr")
    html = client.get("/hr/assign").get_data(as_text=True)
    assert len(_listed(html)) == SHOWN
    assert f"Showing {SHOWN} of {SHOWN + 6} people" in html  # and the HR person


def test_the_german_picker(app: Flask, client: Any, auth: Any, synced: Any) -> None:
    auth.login("hr", language="de")
    html = client.get("/hr/assign?q=nobody-at-all").get_data(as_text=True)
    assert "Personen finden" in html
    assert "Niemand passt zu dieser Suche." in html
