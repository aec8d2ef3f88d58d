"""The public verify page answers an auditor's questions.

Issuer, number, holder, course, dates and status; when a certificate was
revoked and, if HR chose to publish it, why; whether it was valid on a given
day; and an altered PDF linked to the certificate it claims to be.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from weasyprint import HTML

from lms.certify.render import CertificateData, render_certificate
from lms.db import get_database
from lms.models import Certificate, Person
from tests.certify.helpers import earn

ROOT = Path(__file__).resolve().parents[2]
EARNED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def earned(app: Any, make_person: Any, synced: Any) -> Certificate:
    person = make_person(name="Ada Lovelace")
    session = get_database(app).sessionmaker()
    certificate = earn(session, session.get(Person, person.id), EARNED)
    session.close()
    return certificate


def page(client: Any, certificate: Certificate, query: str = "") -> tuple[int, str]:
    response = client.get(f"/verify/{certificate.verification_code}{query}")
    return response.status_code, " ".join(response.get_data(as_text=True).split())


def test_shows_issuer_number_holder_course_dates_and_status(
    client: Any, earned: Certificate
) -> None:
    status, html = page(client, earned)
    assert status == 200
    assert "Issuer" in html
    assert "lms.test" in html  # the platform that issued it (LMS_BASE_URL)
    assert earned.number in html
    assert "Ada Lovelace" in html
    assert earned.course_title in html
    assert "March 2, 2026" in html  # completed on
    assert "Valid" in html


def revoke(client: Any, auth: Any, certificate: Certificate, publish: bool) -> None:
    auth.login("hr")
    url = f"/hr/certificates/{certificate.number}"
    form = {"reason": "Exam taken by someone else"}
    if publish:
        form["publish_reason"] = "yes"
    response = client.submit(url + "/revoke", form, page=url)
    assert response.status_code == 302
    auth.logout()


@pytest.mark.parametrize("publish", [True, False])
def test_revoked_shows_when_and_the_reason_only_if_published(
    client: Any, auth: Any, earned: Certificate, db: Any, publish: bool
) -> None:
    revoke(client, auth, earned, publish)
    row = db.get(Certificate, earned.id)
    db.refresh(row)
    assert row.revoked_reason_public is publish
    _, html = page(client, earned)
    assert "Revoked on" in html
    assert ("someone else" in html) is publish


def test_was_it_valid_on_a_day(
    client: Any, auth: Any, earned: Certificate, db: Any
) -> None:
    # Revoked on 10 June 2026 (an HR decision on that day, in Berlin time).
    row = db.get(Certificate, earned.id)
    row.revoked_at = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    row.revoked_reason = "Exam taken by someone else"
    db.commit()
    _, before = page(client, earned, "?on=2026-03-01")
    assert "on March 1, 2026 the certificate was not valid (Not yet issued)" in before
    _, during = page(client, earned, "?on=2026-05-01")
    assert "Yes: on May 1, 2026 the certificate was valid." in during
    _, after = page(client, earned, "?on=2026-06-10")
    assert "on June 10, 2026 the certificate was not valid (Revoked)" in after
    if earned.valid_until:
        later = (earned.valid_until + timedelta(days=1)).isoformat()
        row.revoked_at = None
        db.commit()
        _, expired = page(client, earned, f"?on={later}")
        assert "was not valid (Expired)" in expired
    status, bad = page(client, earned, "?on=1.5.2026")
    assert status == 400
    assert "Enter the date as YYYY-MM-DD" in bad
    # The form is a plain GET form: no JavaScript needed.
    assert 'method="get"' in bad
    assert 'name="on"' in bad


def upload(client: Any, data: bytes) -> tuple[int, str]:
    response = client.submit(
        "/verify",
        {"pdf": (BytesIO(data), "upload.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    return response.status_code, " ".join(response.get_data(as_text=True).split())


def forged(certificate: Certificate, **changes: Any) -> bytes:
    """A look-alike made with our own template, reusing the real code."""
    data = CertificateData(
        holder_name=certificate.holder_name,
        course_title=certificate.course_title,
        completed_on=certificate.completed_on,
        score_percent=certificate.score_percent,
        valid_until=certificate.valid_until,
        number=certificate.number,
        verification_code=certificate.verification_code,
        verify_url=f"http://lms.test/verify/{certificate.verification_code}",
        content_version=certificate.content_version,
        language="en",
        issued_at=certificate.issued_at,
    )
    return render_certificate(replace(data, **changes), ROOT / "certificates")


def test_altered_pdf_is_linked_to_its_certificate_with_the_differences(
    client: Any, earned: Certificate
) -> None:
    status, html = upload(
        client,
        forged(
            earned,
            holder_name="Mallory Mallet",
            completed_on=date(2025, 1, 1),
            course_title="Advanced Fraud",
        ),
    )
    assert status == 200
    assert "Altered" in html
    assert f"claims to be certificate {earned.number}" in html
    for named in ("the name", "the course", "the completion date"):
        assert named in html
    assert "Ada Lovelace" in html  # our record, to compare with


def test_a_pdf_carrying_the_code_only_in_its_text_is_linked_too(
    client: Any, earned: Certificate
) -> None:
    text = f"<p>Certificate for Mallory Mallet. Code: {earned.verification_code}</p>"
    status, html = upload(client, HTML(string=text).write_pdf())
    assert status == 200
    assert "Altered" in html
    assert "the name" in html
    assert "the certificate number" in html


def test_the_issued_file_is_still_identical(
    client: Any, earned: Certificate, db: Any
) -> None:
    pdf = db.scalar(select(Certificate.pdf).where(Certificate.id == earned.id))
    status, html = upload(client, pdf)
    assert status == 200
    assert "identical to the certificate we issued" in html
    assert "Altered" not in html
