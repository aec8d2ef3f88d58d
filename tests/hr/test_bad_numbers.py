"""Numbers typed into HR addresses and forms: a message by the field, never a 500."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from sqlalchemy import func, select

from lms.db import get_database
from lms.models import Assignment
from tests.hr.helpers import course_id
from tests.web.test_numbers import BAD_NUMBERS

# Blank means "no filter" in the matrix.
NOT_BLANK = [text for text in BAD_NUMBERS if text.strip()]
FILTER_ERROR = 'id="{}-error">Choose a value from the list.'


@pytest.mark.parametrize("name", ["department", "course"])
def test_matrix_filters_say_what_is_wrong(
    client: Any, auth: Any, synced: Any, name: str
) -> None:
    auth.login("hr")
    answers = {}
    for text in NOT_BLANK:
        response = client.get(f"/hr/matrix?{name}={quote(text)}")
        shown = FILTER_ERROR.format(name) in response.get_data(as_text=True)
        answers[text] = (response.status_code, shown)
    assert answers == dict.fromkeys(NOT_BLANK, (200, True))


def test_matrix_shows_the_first_page_for_a_page_that_is_no_number(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login("hr")
    answers = {}
    for text in BAD_NUMBERS:
        response = client.get(f"/hr/matrix?page={quote(text)}")
        answers[text] = response.status_code
    assert answers == dict.fromkeys(BAD_NUMBERS, 200)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("course", 'id="course-error">Choose a course.'),
        ("department", 'id="department-error">Choose a department.'),
        ("due_in_days", 'id="due_in_days-error">Give a number of days from 1 to'),
    ],
)
def test_assign_form_says_what_is_wrong(
    app: Flask, client: Any, auth: Any, synced: Any, field: str, message: str
) -> None:
    with get_database(app).sessionmaker() as session:
        course = course_id(session)
    auth.login("hr")
    answers = {}
    for text in BAD_NUMBERS:
        data = {
            "course": str(course),
            "target": "department",
            "department": "1",
            "due_mode": "days",
            "due_in_days": "30",
            field: text,
        }
        response = client.submit("/hr/assign", data, page="/hr/assign")
        answers[text] = (response.status_code, message in response.get_data(True))
    assert answers == dict.fromkeys(BAD_NUMBERS, (400, True))
    with get_database(app).sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_transcript_of_an_id_that_is_no_plain_number_is_not_found(
    client: Any, auth: Any, synced: Any
) -> None:
    hr = auth.login("hr")
    with client.get(f"/hr/exports/transcript/{hr.id}.pdf") as response:
        assert response.status_code == 200
    # The same id in Arabic-Indic and in fullwidth digits named the same person.
    other_digits = [
        str(hr.id).translate(str.maketrans("0123456789", digits))
        for digits in ("٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９")
    ]
    answers = {}
    for text in [*other_digits, "2147483648", "99999999999999999999", "0"]:
        with client.get(f"/hr/exports/transcript/{quote(text)}.pdf") as response:
            answers[text] = response.status_code
    assert answers == dict.fromkeys(answers, 404)
