"""The training matrix: filters, paging, the page and its form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from lms.db import get_database, utcnow
from lms.errors import ValidationError
from lms.hr.assignments import assign_course
from lms.hr.matrix import training_matrix
from lms.hr.rules import Status
from tests.certify.helpers import earn
from tests.hr.helpers import (
    at,
    course_id,
    department,
    person,
    second_course,
)

TODAY = date(2025, 6, 10)
ASSIGNED = date(2025, 5, 1)


def give(session: Session, course: int, emails: list[str], due: date) -> None:
    assign_course(
        session,
        None,
        course_id=course,
        target="people",
        identifiers="\n".join(emails),
        due_on=due,
        today=ASSIGNED,
        now=at(ASSIGNED),
    )


@pytest.fixture
def session(app: Flask, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


@pytest.fixture
def organisation(session: Session) -> dict[str, Any]:
    sales, support = department(session, "Sales"), department(session, "Support")
    anna = person(session, "Anna", dept=sales, employee_id="E-1")
    bert = person(session, "Bert", dept=sales)
    cleo = person(session, "Cleo", dept=support)
    fire = second_course(session)
    cse = course_id(session)
    give(session, cse, [anna.email, bert.email, cleo.email], date(2025, 6, 1))
    give(session, fire, [anna.email, cleo.email], date(2025, 6, 30))
    session.commit()
    earn(session, anna, at(date(2025, 5, 15)))
    return {"sales": sales.id, "support": support.id, "cse": cse, "fire": fire}


def names(page: Any) -> list[tuple[str, str, Status]]:
    return [(r.person_name, r.course_title, r.status) for r in page.rows]


def test_all_rows_sorted_by_person_and_course(
    session: Session, organisation: Any
) -> None:
    result = training_matrix(session, today=TODAY)
    assert result.total == 5
    assert (result.page, result.pages) == (None, 1)
    assert names(result) == [
        ("Anna", "Customer Service", Status.COMPLETED),
        ("Anna", "Fire safety", Status.NOT_STARTED),
        ("Bert", "Customer Service", Status.OVERDUE),
        ("Cleo", "Customer Service", Status.OVERDUE),
        ("Cleo", "Fire safety", Status.NOT_STARTED),
    ]
    anna = result.rows[0]
    assert (anna.email, anna.employee_id, anna.department) == (
        anna.email,
        "E-1",
        "Sales",
    )
    assert (anna.assigned_on, anna.due_on) == (ASSIGNED, date(2025, 6, 1))
    assert (anna.completed_on, anna.expires_on) == (
        date(2025, 5, 15),
        date(2026, 5, 15),
    )
    assert anna.score_percent == 100
    assert anna.certificate_number


def test_titles_in_the_reader_language(session: Session, organisation: Any) -> None:
    result = training_matrix(session, today=TODAY, language="de")
    assert [row.course_title for row in result.rows][:2] == [
        "Fire safety",  # no German title: the course's own
        "Kundenservice",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"department": "sales"}, [("Anna", 2), ("Bert", 1)]),
        ({"course": "fire"}, [("Anna", 1), ("Cleo", 1)]),
        ({"status": "overdue"}, [("Bert", 1), ("Cleo", 1)]),
        ({"status": "overdue", "department": "support"}, [("Cleo", 1)]),
        ({"completed_from": date(2025, 5, 15)}, [("Anna", 1)]),
        ({"completed_from": date(2025, 5, 16)}, []),
        ({"completed_to": date(2025, 5, 14)}, []),
        (
            {"completed_from": date(2025, 5, 1), "completed_to": date(2025, 5, 31)},
            [("Anna", 1)],
        ),
    ],
)
def test_filters(
    session: Session,
    organisation: dict[str, Any],
    filters: dict[str, Any],
    expected: list[tuple[str, int]],
) -> None:
    arguments = dict(filters)
    if "department" in arguments:
        arguments["department_id"] = organisation[arguments.pop("department")]
    if "course" in arguments:
        arguments["course_id"] = organisation[arguments.pop("course")]
    for page in (None, 1):
        result = training_matrix(session, today=TODAY, page=page, **arguments)
        counted: dict[str, int] = {}
        for row in result.rows:
            counted[row.person_name] = counted.get(row.person_name, 0) + 1
        assert list(counted.items()) == expected
        assert result.total == sum(count for _, count in expected)


@pytest.mark.parametrize("status", [None, "not_started"])
def test_paging(session: Session, organisation: Any, status: str | None) -> None:
    pages = [
        training_matrix(session, today=TODAY, page=n, per_page=2, status=status)
        for n in (1, 2, 3)
    ]
    if status is None:
        assert [p.total for p in pages] == [5, 5, 5]
        assert [p.pages for p in pages] == [3, 3, 3]
        assert [len(p.rows) for p in pages] == [2, 2, 1]
        everything = names(training_matrix(session, today=TODAY))
        assert [row for p in pages for row in names(p)] == everything
    else:
        assert [len(p.rows) for p in pages] == [2, 0, 0]
        assert pages[0].pages == 1


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"status": "happy"}, "status"),
        ({"page": 0}, "page"),
        ({"per_page": 0}, "per_page"),
    ],
)
def test_bad_arguments(
    session: Session, organisation: Any, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        training_matrix(session, today=TODAY, **arguments)
    assert caught.value.field == field


def many_people(app: Flask, count: int) -> None:
    today = utcnow().date()
    with get_database(app).sessionmaker() as session:
        sales = department(session, "Sales")
        for _ in range(count):
            person(session, dept=sales)
        assign_course(
            session,
            None,
            course_id=course_id(session),
            target="department",
            department_id=sales.id,
            due_in_days=10,
            today=today,
            now=at(today),
        )
        session.commit()


def test_the_page_is_paged_by_fifty(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    many_people(app, 55)
    auth.login("hr")
    first = client.get("/hr/matrix").get_data(as_text=True)
    assert "55 assignments" in first
    assert first.count('<th scope="row">') == 50
    assert "Page 1 of 2" in first
    assert 'rel="next" href="/hr/matrix?page=2"' in first
    second = client.get("/hr/matrix?page=2").get_data(as_text=True)
    assert second.count('<th scope="row">') == 5
    assert 'rel="prev" href="/hr/matrix?page=1"' in second


def test_the_matrix_scrolls_in_a_region_with_the_person_first(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    """The wide table sits in a labelled, focusable scrolling region whose first
    column (the person) stays in view (.table-wrap--sticky, issue 17)."""
    many_people(app, 2)
    auth.login("hr")
    page = client.get("/hr/matrix").get_data(as_text=True)
    wrap = re.search(r'<div class="table-wrap table-wrap--sticky"([^>]*)>', page)
    assert wrap, page
    assert 'tabindex="0"' in wrap.group(1)
    assert 'role="region"' in wrap.group(1)
    assert 'aria-label="Training matrix' in wrap.group(1)
    rows = re.findall(r"<tr>\s*(<t[hd][^>]*>)", page[wrap.end() :])
    assert rows[1:]
    assert set(rows[1:]) == {'<th scope="row">'}


def test_the_page_keeps_filters_in_the_form_and_links(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    many_people(app, 55)
    with get_database(app).sessionmaker() as session:
        sales = department(session, "Sales").id
        course = course_id(session)
    auth.login("hr")
    url = (
        f"/hr/matrix?department={sales}&course={course}&status=not_started"
        "&completed_from=&completed_to="
    )
    page = client.get(url).get_data(as_text=True)
    assert f'<option value="{sales}" selected>Sales</option>' in page
    assert f'<option value="{course}" selected>Customer Service</option>' in page
    assert '<option value="not_started" selected>not started</option>' in page
    assert "55 assignments" in page
    assert (
        f'href="/hr/matrix?page=2&amp;department={sales}&amp;course={course}'
        '&amp;status=not_started"'
    ) in page


def test_bad_filters_are_shown_not_fatal(client: Any, auth: Any, synced: Any) -> None:
    auth.login("hr")
    response = client.get(
        "/hr/matrix?department=x&status=happy&completed_from=31.12.2025&page=-3"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="status-error">Choose a value from the list.' in page
    assert 'id="department-error">Choose a value from the list.' in page
    assert 'id="completed_from-error">Enter a date as YYYY-MM-DD.' in page
    assert 'aria-invalid="true" aria-describedby="status-error"' in page
