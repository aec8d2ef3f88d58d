"""A German certificate's dates and score read in German: PDF and pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lms.db import get_database
from lms.models import Person
from tests.certify.helpers import earn
from tests.certify.test_render import one_line, pdf_text
from tests.fixtures.people import PASSWORD

ON = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def _german_certificate(app: Any, make_person: Any) -> tuple[Person, Any]:
    person = make_person(language="de")
    session = get_database(app).sessionmaker()
    certificate = earn(session, session.get(Person, person.id), ON)
    session.expunge(certificate)
    session.close()
    return person, certificate


def test_german_pdf_has_german_dates_and_a_whole_score(
    app: Any, make_person: Any, synced: Any, tmp_path: Path
) -> None:
    _person, certificate = _german_certificate(app, make_person)
    text = one_line(pdf_text(certificate.pdf, tmp_path)).replace("\xa0", " ")
    assert "4. Dezember 2026" in text
    assert "100 %" in text
    assert "100,0" not in text


def test_german_pages_write_the_date_in_words(
    app: Any, client: Any, make_person: Any, synced: Any
) -> None:
    person, certificate = _german_certificate(app, make_person)
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    course = client.get("/courses/cse").get_data(as_text=True)
    assert f"Zertifikat {certificate.number}, ausgestellt am 4. Dezember 2026." in (
        course
    )
    verify = client.get(f"/verify/{certificate.verification_code}")
    assert "4. Dezember 2026" in verify.get_data(as_text=True)
