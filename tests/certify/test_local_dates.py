"""Dates and the number's year are days in LMS_TIMEZONE, not UTC days.

23:30 UTC on 31 December 2026 is 00:30 on 1 January 2027 in Berlin and 08:30
in Tokyo: a certificate earned then is a 2027 certificate there.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lms.catalog.completion import completion
from lms.certify.issuing import issuer
from lms.certify.pdfcheck import read_attachment
from lms.db import get_database
from lms.models import Course, Person
from tests.certify.helpers import complete_lessons, pass_quiz

NEW_YEARS_EVE = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
# zone: (day printed and recorded, number)
EXPECTED = {
    "Europe/Berlin": (date(2027, 1, 1), "1 January 2027", "CSE-2027-000001"),
    "Asia/Tokyo": (date(2027, 1, 1), "1 January 2027", "CSE-2027-000001"),
    "UTC": (date(2026, 12, 31), "31 December 2026", "CSE-2026-000001"),
}


@pytest.fixture(params=sorted(EXPECTED))
def zone(request: Any) -> str:
    return str(request.param)


@pytest.fixture
def app_config(app_config: dict[str, Any], zone: str) -> dict[str, Any]:
    return {**app_config, "LMS_TIMEZONE": zone}


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_certificate_earned_at_2330_utc_on_new_years_eve_uses_the_local_day(
    app: Flask, make_person: Any, synced: Any, zone: str
) -> None:
    day, printed, number = EXPECTED[zone]
    person = make_person(name="Ada Lovelace")
    session = get_database(app).sessionmaker()
    learner = session.get(Person, person.id)
    assert learner is not None
    complete_lessons(session, learner, NEW_YEARS_EVE)
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, learner, bank, NEW_YEARS_EVE)
    course = session.scalar(select(Course).where(Course.slug == "cse"))
    assert course is not None
    certificate = issuer(app).issue(
        session, learner, course, completion(session, learner, course), NEW_YEARS_EVE
    )
    session.commit()
    assert certificate is not None
    assert certificate.completed_on == day
    assert certificate.number == number
    assert certificate.year == day.year
    if course.validity_days:
        assert certificate.valid_until == day + timedelta(days=course.validity_days)
    text = pdf_text(certificate.pdf)
    assert number in text
    assert printed in text  # completed on, and issued on
    record = read_attachment(certificate.pdf)
    assert record["completed_on"] == day.isoformat()
    assert record["time_zone"] == zone
    session.close()
