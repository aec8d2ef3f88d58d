"""Certificates as Open Badges 3.0 credentials, checked by an independent verifier.

The verifier is Digital Bazaar's (``@digitalbazaar/vc`` with the
``eddsa-rdfc-2022`` cryptosuite, tests/badges/verifier), reading the contexts
from its own npm packages and the issuer's DID document and status list as the
app under test serves them.
"""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from lms import create_app
from lms.badges import statuslist
from lms.db import get_database
from lms.models import Certificate, Person
from tests.badges.verifier import app_documents, node_verify
from tests.certify.helpers import earn

EARNED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HOLDER = "Zoë Ünal 李小龍"


@pytest.fixture
def holder(make_person: Any) -> Person:
    person: Person = make_person(name=HOLDER)
    return person


@pytest.fixture
def earned(app: Flask, holder: Person, synced: Any) -> Certificate:
    session = get_database(app).sessionmaker()
    with app.app_context():
        certificate = earn(session, session.get(Person, holder.id), EARNED)
    session.expunge(certificate)
    session.close()
    return certificate


def download(client: Any, auth: Any, holder: Person, number: str) -> dict[str, Any]:
    auth.login(holder)
    response = client.get(f"/certificates/{number}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+ld+json"
    assert "attachment" in response.headers["Content-Disposition"]
    credential: dict[str, Any] = json.loads(response.get_data(as_text=True))
    auth.logout()
    return credential


def revoke(client: Any, auth: Any, certificate: Certificate) -> None:
    auth.login("hr")
    url = f"/hr/certificates/{certificate.number}"
    response = client.submit(url + "/revoke", {"reason": "Cheated"}, page=url)
    assert response.status_code == 302
    auth.logout()


def test_an_issued_credential_verifies(
    client: Any, auth: Any, holder: Person, earned: Certificate
) -> None:
    credential = download(client, auth, holder, earned.number)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:lms.test"
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == HOLDER
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["validFrom"] == "2026-03-02T10:00:00Z"
    result = node_verify(credential, app_documents(client, credential))
    assert result["verified"] is True, result["errors"]
    assert result["status"] == {"verified": True, "revoked": False, "errors": []}


def test_the_pdf_carries_the_same_credential(
    client: Any, auth: Any, holder: Person, earned: Certificate, db: Any
) -> None:
    pdf = db.get(Certificate, earned.id).pdf
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert set(attachments) == {"certificate.json", "open-badge-credential.json"}
    embedded = json.loads(attachments["open-badge-credential.json"][0])
    assert embedded == download(client, auth, holder, earned.number)
    # PDF/A-3: both files are associated files of the document, as data.
    root = PdfReader(io.BytesIO(pdf)).root_object
    specs = {ref.idnum: ref.get_object() for ref in root["/AF"]}.values()
    declared = {str(spec["/UF"]): spec for spec in specs}
    assert set(declared) == {"certificate.json", "open-badge-credential.json"}
    for spec in declared.values():
        assert str(spec["/AFRelationship"]) == "/Data"
        stream = spec["/EF"].get_object()["/F"].get_object()
        assert str(stream["/Subtype"]) == "/application/json"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["identifier"][0].update(
            identityHash="Mallory"
        ),
        lambda c: c["credentialSubject"]["achievement"].update(name="Brain surgery"),
        lambda c: c.update(validUntil="2099-12-31T23:59:59Z"),
    ],
    ids=["holder name", "course", "validity"],
)
def test_a_tampered_credential_fails(
    client: Any, auth: Any, holder: Person, earned: Certificate, tamper: Any
) -> None:
    credential = download(client, auth, holder, earned.number)
    changed = copy.deepcopy(credential)
    tamper(changed)
    result = node_verify(changed, app_documents(client, changed))
    assert result["verified"] is False
    assert any("signature" in error.lower() for error in result["errors"])


def test_a_revoked_credential_verifies_but_its_status_list_says_revoked(
    client: Any, auth: Any, holder: Person, earned: Certificate
) -> None:
    credential = download(client, auth, holder, earned.number)
    revoke(client, auth, earned)
    documents = app_documents(client, credential)
    result = node_verify(credential, documents)
    assert result["verified"] is True, result["errors"]
    assert result["status"] == {"verified": True, "revoked": True, "errors": []}
    # The list itself: signed by the issuer, this one bit set and no other.
    status = credential["credentialStatus"]
    status_list = documents[status["statusListCredential"]]
    checked = node_verify(status_list, documents, status_list["validFrom"])
    assert checked["verified"] is True, checked["errors"]
    bits = statuslist.decode(status_list["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == statuslist.LIST_BITS
    position = int(status["statusListIndex"])
    assert statuslist.is_set(bits, position)
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_the_verifier_reads_the_validity_dates(
    client: Any, auth: Any, holder: Person, earned: Certificate
) -> None:
    credential = download(client, auth, holder, earned.number)
    # Valid up to and including the "valid until" day (the tests' zone is UTC).
    assert credential["validUntil"] == "2027-03-02T23:59:59Z"
    documents = app_documents(client, credential)
    # The verifier allows five minutes of clock skew either way.
    last_second = node_verify(credential, documents, "2027-03-02T23:59:59Z")
    assert last_second["verified"] is True, last_second["errors"]
    after = node_verify(credential, documents, "2027-03-03T01:00:00Z")
    assert after["verified"] is False
    before = node_verify(credential, documents, "2026-03-02T09:00:00Z")
    assert before["verified"] is False


def test_a_certificate_without_an_embedded_credential_gets_one_signed_from_its_record(
    app: Flask, client: Any, auth: Any, holder: Person, synced: Any
) -> None:
    # Issued outside an application context (as before credentials existed):
    # its PDF carries the record only.
    session = get_database(app).sessionmaker()
    certificate = earn(session, session.get(Person, holder.id), EARNED)
    assert set(PdfReader(io.BytesIO(certificate.pdf)).attachments) == {
        "certificate.json"
    }
    number = certificate.number
    session.close()
    credential = download(client, auth, holder, number)
    assert credential["credentialSubject"]["achievement"]["name"]
    result = node_verify(credential, app_documents(client, credential))
    assert result["verified"] is True, result["errors"]
    assert result["status"]["revoked"] is False


def test_only_the_holder_downloads_the_credential(
    client: Any, auth: Any, earned: Certificate
) -> None:
    auth.login("learner")
    assert client.get(f"/certificates/{earned.number}.json").status_code == 404
    auth.logout()
    response = client.get(f"/certificates/{earned.number}.json")
    assert response.status_code == 302  # to the login page


def test_my_certificates_links_the_credential(
    client: Any, auth: Any, holder: Person, earned: Certificate
) -> None:
    auth.login(holder)
    html = client.get("/certificates").get_data(as_text=True)
    assert f"/certificates/{earned.number}.json" in html


def test_the_did_document_is_served_for_did_web_with_and_without_a_path(
    client: Any,
) -> None:
    document = client.get("/.well-known/did.json")
    assert document.mimetype == "application/did+json"
    assert document.get_json()["id"] == "did:web:lms.test"
    assert client.get("/did.json").get_json() == document.get_json()
    assert document.get_json()["assertionMethod"] == ["did:web:lms.test#key-1"]


def test_the_key_is_made_once_and_kept(
    app_config: dict[str, Any], tmp_path: Any
) -> None:
    first = create_app(app_config).test_client().get("/.well-known/did.json")
    again = create_app(app_config).test_client().get("/.well-known/did.json")
    assert first.get_json() == again.get_json()
    method = first.get_json()["verificationMethod"][0]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert (tmp_path / "instance" / "badge-key.pem").is_file()
    elsewhere = dict(app_config, LMS_BADGE_KEY=str(tmp_path / "keys" / "badge.pem"))
    other = create_app(elsewhere).test_client().get("/.well-known/did.json")
    assert other.get_json() != first.get_json()
    assert (tmp_path / "keys" / "badge.pem").stat().st_mode & 0o077 == 0
