"""One certificate walked through the day before, the day of and the day after its
valid_until day: every surface (the learner's pages, verification, the matrix,
the API with its filters, the reminders) tells the same story.

The rule (lms.certify.status): valid up to and including valid_until, expired
from the next day on. The pages use the real clock, so the certificate's
valid_until is moved around today instead of moving today.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from lms.api.services import Query, list_certificates, list_completions
from lms.certify.queries import status_of
from lms.db import get_database, utcnow
from lms.hr.assignments import assign_course
from lms.hr.matrix import training_matrix
from lms.hr.reminders import Kind, due_reminders
from lms.hr.rules import Status
from lms.models import Certificate, Person
from lms.web.formatting import local_today
from tests.certify.helpers import earn
from tests.fixtures.people import PASSWORD
from tests.hr.helpers import at, course_id

BASE_URL = "http://lms.test"


@pytest.fixture
def holder(app: Any, make_person: Any, synced: Any) -> tuple[Any, Certificate]:
    person = make_person(name="Grace Hopper")
    today = utcnow().date()
    session = get_database(app).sessionmaker()
    learner = session.get(Person, person.id)
    assert learner is not None
    certificate = earn(session, learner, at(today - timedelta(days=10)))
    assign_course(
        session,
        None,
        course_id=course_id(session),
        target="people",
        identifiers=learner.email,
        due_on=today - timedelta(days=20),
        today=today - timedelta(days=40),
        now=at(today - timedelta(days=40)),
    )
    session.commit()
    session.close()
    return person, certificate


# (days from today to valid_until, certificate status, matrix status,
#  API completion status, expiring reminder sent)
WALK = [
    (1, "valid", Status.EXPIRING, "expiring", True),  # today is valid_until - 1
    (0, "valid", Status.EXPIRING, "expiring", True),  # today is valid_until
    (-1, "expired", Status.EXPIRED, "expired", False),  # today is valid_until + 1
]


@pytest.mark.parametrize(
    ("offset", "status", "matrix_status", "completion", "reminded"), WALK
)
def test_every_surface_agrees_on_the_valid_until_day(
    app: Any,
    client: Any,
    holder: tuple[Any, Certificate],
    offset: int,
    status: str,
    matrix_status: Status,
    completion: str,
    reminded: bool,
) -> None:
    person, certificate = holder
    with app.test_request_context():
        today = local_today()  # the pages' today: LMS_TIMEZONE, not UTC
    valid_until: date = today + timedelta(days=offset)
    with get_database(app).sessionmaker() as session:
        session.execute(
            update(Certificate)
            .where(Certificate.id == certificate.id)
            .values(valid_until=valid_until)
        )
        session.commit()
        stored = session.get(Certificate, certificate.id)
        assert stored is not None
        assert status_of(stored, today) == status  # the rule behind every page

    # Public verification.
    verified = client.get(f"/verify/{certificate.verification_code}")
    label = {"valid": "Valid", "expired": "Expired"}[status]
    assert f'id="verify-status">{label}</p>' in verified.get_data(as_text=True)

    # The learner's certificate list and course page.
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    mine = client.get("/certificates").get_data(as_text=True)
    pill = {"valid": "done", "expired": "expired"}[status]
    assert f'<span class="pill pill--{pill}">{status}</span>' in mine
    course_page = client.get("/courses/cse").get_data(as_text=True)
    assert ("Your certificate has expired" in course_page) is (status == "expired")

    session = get_database(app).sessionmaker()
    # The HR matrix.
    rows = training_matrix(session, today=today).rows
    assert [row.status for row in rows] == [matrix_status]
    assert rows[0].expires_on == valid_until

    # The API: status and the status filters.
    listed = list_certificates(session, Query(), today, BASE_URL).items
    assert [item["status"] for item in listed] == [status]
    for wanted in ("valid", "expired"):
        page = list_certificates(session, Query(status=wanted), today, BASE_URL)
        assert page.total == (1 if wanted == status else 0)
    completions = list_completions(session, Query(), today, BASE_URL).items
    assert [item["status"] for item in completions] == [completion]
    for wanted in ("completed", "expiring", "expired"):
        page = list_completions(session, Query(status=wanted), today, BASE_URL)
        assert page.total == (1 if wanted == completion else 0)

    # The reminders: "certificate expiring" up to and including valid_until.
    kinds = {r.kind for r in due_reminders(session, today) if r.email == person.email}
    assert (Kind.EXPIRING in kinds) is reminded
    session.close()


def test_pages_count_today_where_the_organisation_is(
    app: Any, client: Any, holder: tuple[Any, Certificate], monkeypatch: Any
) -> None:
    """At 23:30 UTC it is already tomorrow in Berlin (LMS_TIMEZONE): a certificate
    valid until the UTC day has expired there, on every page that shows it."""
    person, certificate = holder
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Europe/Berlin"
    day = utcnow().date()
    late = datetime.combine(day, time(23, 30), tzinfo=UTC)
    monkeypatch.setattr("lms.web.formatting.utcnow", lambda: late)
    with get_database(app).sessionmaker() as session:
        session.execute(
            update(Certificate)
            .where(Certificate.id == certificate.id)
            .values(valid_until=day)
        )
        session.commit()

    verified = client.get(f"/verify/{certificate.verification_code}")
    assert 'id="verify-status">Expired</p>' in verified.get_data(as_text=True)
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    mine = client.get("/certificates").get_data(as_text=True)
    assert '<span class="pill pill--expired">expired</span>' in mine
    course_page = client.get("/courses/cse").get_data(as_text=True)
    assert "Your certificate has expired" in course_page
