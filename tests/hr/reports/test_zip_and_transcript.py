"""The streamed ZIP of certificate PDFs, and transcript PDFs."""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from lms.certify.localtime import local_day
from lms.db import utcnow
from lms.files.zipstream import ZipMember, safe_name_part, stream_zip
from lms.hr.reports.kinds import ExportFilters, certificate_members
from lms.models import AuditEntry, Certificate, Person
from tests.hr.reports.helpers import TODAY, assign, certify, login
from tests.web.test_downloads import parsed


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jürgen Groß", "Juergen-Gross"),
        ("../../etc/passwd", "etc-passwd"),
        ("Zoë O'Brien / Ærø", "Zoe-O-Brien-AEro"),
        ("李小龍", "unnamed"),
        ('=HYPERLINK("x")', "HYPERLINK-x"),
        ("Dr. A. Smith.exe", "Dr-A-Smith-exe"),
    ],
)
def test_safe_name_part(text: str, expected: str) -> None:
    assert safe_name_part(text) == expected


def test_stream_zip_is_valid_and_incremental() -> None:
    moment = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    members = [ZipMember(f"f{i}.pdf", bytes([i]) * 5000, moment) for i in range(4)]
    chunks = list(stream_zip(iter(members)))
    assert len(chunks) >= 4  # one piece per member at least, not one blob
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.namelist() == ["f0.pdf", "f1.pdf", "f2.pdf", "f3.pdf"]
    info = archive.getinfo("f2.pdf")
    assert info.compress_type == zipfile.ZIP_STORED
    assert info.date_time == (2026, 3, 1, 12, 30, 0)
    assert archive.read("f2.pdf") == bytes([2]) * 5000


def test_zip_download_holds_the_stored_pdfs(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    certify(app, make_person, name="Jürgen Groß", employee_id="E/7", department="IT")
    certify(app, make_person, name="Ada Lovelace", department="Sales")
    auth.login("hr")
    response = client.get("/hr/exports/certificates?format=zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    stored = {c.number: c for c in db.scalars(select(Certificate))}
    names = sorted(archive.namelist())
    expected = sorted(
        [
            f"{n}_E-7_Juergen-Gross.pdf"
            if stored[n].holder_name == "Jürgen Groß"
            else f"{n}_no-id_Ada-Lovelace.pdf"
            for n in stored
        ]
    )
    assert names == expected
    for name in names:
        number = name.split("_", 1)[0]
        assert archive.read(name) == stored[number].pdf
    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.action == "export.certificates")
    )
    assert entry is not None
    assert '"format": "zip"' in entry.details_json


def test_zip_members_load_pdfs_in_batches(
    app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    for number in range(3):
        certify(app, make_person, name=f"Person {number}")
    statements: list[str] = []
    from sqlalchemy import event

    engine = db.get_bind()

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        members = list(certificate_members(db, ExportFilters(), TODAY, batch=2))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(members) == 3
    pdf_queries = [s for s in statements if "certificate.pdf" in s]
    assert len(pdf_queries) == 2  # ceil(3 / 2)


def test_zip_filtered_by_status(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any
) -> None:
    certify(app, make_person, name="Ada Lovelace")
    auth.login("hr")
    response = client.get("/hr/exports/certificates?format=zip&status=expired")
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist() == []


def test_hr_gets_anyones_transcript(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    person, certificate = certify(
        app,
        make_person,
        name="Ada <b>Lovelace</b>",
        employee_id="E-42",
        department="Research",
    )
    assign(app, person.id, TODAY, None)
    auth.login("hr")
    response = client.get(f"/hr/exports/transcript/{person.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Ada <b>Lovelace</b>" in text  # escaped HTML prints as typed
    assert certificate.number in text
    assert "E-42" in text
    assert "Research" in text
    assert "Customer Service" in text  # the course
    assert "Final exam" in text  # the quiz attempts
    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.action == "export.transcript")
    )
    assert entry is not None
    assert entry.target == person.email


def test_hr_finds_a_transcript_by_employee_id(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any
) -> None:
    person, _certificate = certify(app, make_person, employee_id="E-42")
    auth.login("hr")
    response = client.get("/hr/exports/transcript?who=E-42")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/transcript/{person.id}.pdf")
    response = client.get(f"/hr/exports/transcript?who={person.email.upper()}")
    assert response.status_code == 302
    assert client.get("/hr/exports/transcript?who=nobody").status_code == 404


def test_learner_gets_only_their_own_transcript(
    client: Any, app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    person, certificate = certify(app, make_person, name="Grace Hopper")
    other, other_certificate = certify(app, make_person, name="Alan Turing")
    login(client, person)
    response = client.get("/me/transcript.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Grace Hopper" in text
    assert certificate.number in text
    assert "Alan Turing" not in text
    assert other_certificate.number not in text
    assert client.get(f"/hr/exports/transcript/{other.id}.pdf").status_code == 403
    assert db.scalar(select(AuditEntry.id)) is None  # one's own: not an HR export


def test_transcript_is_saved_under_the_persons_real_name(
    client: Any, make_person: Any, synced: Any
) -> None:
    login(client, make_person(name="王芳"))
    with client.get("/me/transcript.pdf") as response:
        header = response.headers["Content-Disposition"]
    disposition, saved, ascii_name = parsed(header)
    zone = client.application.config["BABEL_DEFAULT_TIMEZONE"]
    day = local_day(utcnow(), zone).isoformat()  # the organisation's day
    assert (disposition, saved) == ("attachment", f"transcript_王芳_{day}.pdf")
    assert ascii_name == f"transcript_unnamed_{day}.pdf"


def test_transcript_of_nobody_is_404(client: Any, auth: Any, synced: Any) -> None:
    auth.login("hr")
    assert client.get("/hr/exports/transcript/9999.pdf").status_code == 404


def test_transcript_without_anything(
    client: Any, make_person: Any, synced: Any, db: Any
) -> None:
    person = make_person(name="New Starter")
    login(client, person)
    text = pdf_text(client.get("/me/transcript.pdf").data)
    assert "New Starter" in text
    assert "No courses assigned or taken." in text
    assert db.get(Person, person.id) is not None


def test_transcripts_are_linked_where_people_look_for_them(
    client: Any, app: Any, auth: Any, make_person: Any, synced: Any
) -> None:
    person, _certificate = certify(app, make_person, name="Grace Hopper")
    login(client, person)
    mine = client.get("/certificates").get_data(as_text=True)
    assert 'href="/me/transcript.pdf"' in mine
    auth.logout()
    auth.login("hr")
    people = client.get("/people/").get_data(as_text=True)
    link = f'href="/hr/exports/transcript/{person.id}.pdf"'
    assert link in people
    assert client.get(f"/hr/exports/transcript/{person.id}.pdf").status_code == 200
