"""Certificate pages: downloads, public verification, HR revoke and re-issue, audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.models import AuditEntry, Certificate, Person
from tests.certify.helpers import earn
from tests.fixtures.people import PASSWORD
from tests.web.test_downloads import parsed

NOW = utcnow().replace(microsecond=0)


@pytest.fixture
def earned(app: Any, make_person: Any, synced: Any) -> Any:
    person = make_person(name="Ada <b>Lovelace</b>")
    session = get_database(app).sessionmaker()
    certificate = earn(session, session.get(Person, person.id), NOW)
    session.close()
    return person, certificate


def login(client: Any, person: Any) -> None:
    client.submit("/login", {"email": person.email, "password": PASSWORD})


def test_holder_downloads_the_stored_bytes(client: Any, earned: Any, db: Any) -> None:
    person, certificate = earned
    login(client, person)
    html = client.get("/certificates").get_data(as_text=True)
    assert certificate.number in html
    response = client.get(f"/certificates/{certificate.number}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == db.scalar(select(Certificate.pdf))
    assert certificate.number in response.headers["Content-Disposition"]
    course = client.get("/courses/cse").get_data(as_text=True)
    assert "Your certificate" in course


@pytest.mark.parametrize(
    ("name", "saved", "ascii_name"),
    [
        ("Jürgen Groß", "Jürgen-Groß", "Juergen-Gross"),
        ("王芳", "王芳", "certificate"),
    ],
)
def test_download_is_saved_under_the_holders_real_name(
    app: Any,
    client: Any,
    make_person: Any,
    synced: Any,
    name: str,
    saved: str,
    ascii_name: str,
) -> None:
    person = make_person(name=name)
    with get_database(app).sessionmaker() as session:
        number = earn(session, session.get(Person, person.id), NOW).number
    login(client, person)
    header = client.get(f"/certificates/{number}.pdf").headers["Content-Disposition"]
    assert parsed(header) == (
        "attachment",
        f"{number}_{saved}.pdf",
        f"{number}_{ascii_name}.pdf",
    )


def test_nobody_else_can_download_it(client: Any, earned: Any, auth: Any) -> None:
    _person, certificate = earned
    auth.login("learner")
    assert client.get(f"/certificates/{certificate.number}.pdf").status_code == 404
    assert client.get(f"/hr/certificates/{certificate.number}.pdf").status_code == 403


@pytest.mark.parametrize(
    "variant", [str.upper, str.lower, lambda c: c.replace("-", "")]
)
def test_verify_by_code_in_any_spelling(client: Any, earned: Any, variant: Any) -> None:
    _person, certificate = earned
    response = client.get(f"/verify/{variant(certificate.verification_code)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Valid" in html
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in html
    assert "<b>Lovelace</b>" not in html
    assert certificate.content_version in html


def test_a_code_with_a_wrong_check_character_is_rejected(
    client: Any, earned: Any
) -> None:
    _person, certificate = earned
    code = certificate.verification_code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert client.get(f"/verify/{wrong}").status_code == 404


def test_verify_form_and_pdf_upload(client: Any, earned: Any, db: Any) -> None:
    from io import BytesIO

    _person, certificate = earned
    pdf = db.scalar(select(Certificate.pdf))
    response = client.submit(
        "/verify", {"code": certificate.verification_code}, page="/verify"
    )
    assert response.status_code == 200
    response = client.submit(
        "/verify",
        {"pdf": (BytesIO(pdf), "mine.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "identical" in response.get_data(as_text=True)
    changed = pdf.replace(b"%%EOF", b"%%EOF\n% edited", 1)
    response = client.submit(
        "/verify",
        {"pdf": (BytesIO(changed), "forged.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    # Still carries its code: linked to the certificate, verdict "altered".
    assert response.status_code == 200
    assert "Altered" in response.get_data(as_text=True)
    response = client.submit(
        "/verify",
        {"pdf": (BytesIO(b"%PDF-1.7 nothing"), "other.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    assert response.status_code == 404


def test_verification_is_rate_limited(app: Any, client: Any, earned: Any) -> None:
    app.config["LMS_VERIFY_LIMIT"] = "3 per minute"
    for _ in range(3):
        client.get("/verify/AAAA-AAAA-AAAA-A")
    assert client.get("/verify/AAAA-AAAA-AAAA-A").status_code == 429


def test_hr_revokes_with_a_reason_that_verify_does_not_show(
    client: Any, earned: Any, auth: Any, db: Any
) -> None:
    _person, certificate = earned
    auth.login("hr")
    url = f"/hr/certificates/{certificate.number}"
    response = client.submit(url + "/revoke", {"reason": ""}, page=url)
    assert response.status_code == 400
    client.submit(url + "/revoke", {"reason": "Exam taken by someone else"}, page=url)
    html = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Revoked" in html
    assert "someone else" not in html
    entry = db.scalar(select(AuditEntry))
    assert (entry.action, entry.target, entry.reason) == (
        "certificate.revoke",
        certificate.number,
        "Exam taken by someone else",
    )
    assert entry.actor_id is not None


def test_hr_reissues_with_a_corrected_name(
    client: Any, earned: Any, auth: Any, db: Any
) -> None:
    _person, certificate = earned
    auth.login("hr")
    url = f"/hr/certificates/{certificate.number}"
    response = client.submit(
        url + "/reissue",
        {"holder_name": "Ada Lovelace", "reason": "Name was misspelt"},
        page=url,
    )
    assert response.status_code == 302
    new = db.scalar(select(Certificate).where(Certificate.number != certificate.number))
    assert new.holder_name == "Ada Lovelace"
    assert new.valid_until == certificate.valid_until
    assert new.verification_code != certificate.verification_code
    old_page = client.get(f"/verify/{certificate.verification_code}").get_data(
        as_text=True
    )
    assert "Superseded" in old_page
    assert "Valid" in client.get(f"/verify/{new.verification_code}").get_data(
        as_text=True
    )
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions == ["certificate.reissue"]


def test_expired_certificate_shows_expired(client: Any, earned: Any, db: Any) -> None:
    _person, certificate = earned
    row = db.get(Certificate, certificate.id)
    row.valid_until = NOW.date() - timedelta(days=1)
    db.commit()
    html = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Expired" in html
