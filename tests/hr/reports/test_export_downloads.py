"""HR downloads: certificates CSV/XLSX, attempts, filters, roles and audit."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from lms.certify.localtime import local_day
from lms.models import AuditEntry
from tests.hr.reports.helpers import NOW, TODAY, certify

EVIL = '=HYPERLINK("http://evil.example/x","Click")'


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def certified(app: Any, make_person: Any, synced: Any) -> Any:
    evil, evil_cert = certify(
        app, make_person, name=EVIL, employee_id="E-1", department="Sales"
    )
    ada, ada_cert = certify(
        app, make_person, name="Ada Lovelace", employee_id="E-2", department="IT"
    )
    return {"evil": (evil, evil_cert), "ada": (ada, ada_cert)}


def test_certificates_csv_has_a_bom_and_neutralises_formulas(
    client: Any, auth: Any, certified: Any, db: Any
) -> None:
    hr = auth.login("hr")
    response = client.get("/hr/exports/certificates?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = rows_of(response.data)
    assert rows[0][:3] == ["Number", "Verification code", "Holder"]
    by_holder = {row[2]: row for row in rows[1:]}
    assert "'" + EVIL in by_holder
    evil_row = by_holder["'" + EVIL]
    certificate = certified["evil"][1]
    assert evil_row[0] == certificate.number
    assert evil_row[1] == certificate.verification_code
    assert evil_row[3:7] == ["E-1", "Sales", "cse", certificate.course_title]
    # the organisation's day (Europe/Berlin), which is not UTC's near midnight
    zone = client.application.config["BABEL_DEFAULT_TIMEZONE"]
    assert evil_row[8] == local_day(certificate.issued_at, zone).isoformat()
    assert evil_row[10] == "Valid"
    assert evil_row[11] == certificate.content_version
    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.action == "export.certificates")
    )
    assert entry is not None
    assert entry.actor_id == hr.id
    assert json.loads(entry.details_json) == {"format": "csv"}


def test_certificates_xlsx_has_dates_and_plain_strings(
    client: Any, auth: Any, certified: Any, tmp_path: Any
) -> None:
    auth.login("hr")
    response = client.get("/hr/exports/certificates?format=xlsx&department=Sales")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the filter kept Sales only
    holder = sheet.cell(row=2, column=3)
    assert holder.data_type == "s"
    assert holder.value == EVIL  # a string cell, never a formula
    issued = sheet.cell(row=2, column=9).value
    assert isinstance(issued, datetime)
    zone = client.application.config["BABEL_DEFAULT_TIMEZONE"]
    assert issued.date() == local_day(certified["evil"][1].issued_at, zone)
    expires = sheet.cell(row=2, column=10).value
    assert isinstance(expires, datetime)


@pytest.mark.parametrize(
    ("query", "holders"),
    [
        ("", {EVIL, "Ada Lovelace"}),
        ("department=IT", {"Ada Lovelace"}),
        ("course=cse&status=valid", {EVIL, "Ada Lovelace"}),
        ("status=revoked", set()),
        (f"as_of={(TODAY - timedelta(days=1)).isoformat()}", set()),
    ],
)
def test_certificate_filters(
    client: Any, auth: Any, certified: Any, query: str, holders: set[str]
) -> None:
    auth.login("hr")
    response = client.get(f"/hr/exports/certificates?format=csv&{query}")
    assert response.status_code == 200
    found = {row[2].lstrip("'") for row in rows_of(response.data)[1:]}
    assert found == holders


def test_as_of_shows_the_status_on_that_day(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    _old, certificate = certify(
        app, make_person, name="Old Hand", when=NOW - timedelta(days=400)
    )
    auth.login("hr")
    then = (NOW - timedelta(days=100)).date().isoformat()
    rows = rows_of(client.get(f"/hr/exports/certificates?as_of={then}").data)
    assert [row[10] for row in rows[1:]] == ["Valid"]
    rows = rows_of(client.get("/hr/exports/certificates").data)
    assert [row[10] for row in rows[1:]] == ["Expired"]
    assert rows[1][0] == certificate.number


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/hr/exports/matrix?format=zip", "format", "Only certificates"),
        ("/hr/exports/certificates?format=pdf", "format", "Choose CSV"),
        ("/hr/exports/certificates?as_of=31.12.2025", "as_of", "YYYY-MM-DD"),
        ("/hr/exports/certificates?course=nope", "course", "no course nope"),
        ("/hr/exports/certificates?status=lost", "status", "Choose a status"),
        ("/hr/exports/snapshot", "as_of", "date of the snapshot"),
        ("/hr/exports/attempts?status=valid", None, "no status filter"),
        ("/hr/exports/audit?course=cse", None, "by date only"),
    ],
)
def test_bad_requests_show_the_form_with_the_error(
    client: Any,
    auth: Any,
    synced: Any,
    db: Any,
    url: str,
    field: str | None,
    message: str,
) -> None:
    auth.login("hr")
    response = client.get(url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert message in summary
    if field:  # a field the form shows: the message stands next to it too
        kind = url.split("?")[0].rsplit("/", 1)[1]
        assert f'id="{kind}-{field}-error"' in html
    assert db.scalar(select(AuditEntry.id)) is None


def test_future_as_of_is_refused(client: Any, auth: Any, synced: Any) -> None:
    auth.login("hr")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.get(f"/hr/exports/certificates?as_of={tomorrow}")
    assert response.status_code == 400


def test_attempts_export_has_one_row_per_answer(
    client: Any, auth: Any, certified: Any, db: Any
) -> None:
    auth.login("hr")
    response = client.get("/hr/exports/attempts?format=csv&department=IT")
    rows = rows_of(response.data)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Person", "Employee ID", "Department"]
    # basics and advanced: 2 questions each; the final: its 2 and both banks.
    assert len(body) == 2 + 2 + 6
    assert {row[0] for row in body} == {"Ada Lovelace"}
    assert {row[5] for row in body} == {"Basics quiz", "Advanced quiz", "Final exam"}
    greeting = next(
        r for r in body if r[9] == "q-basics-greeting" and r[5] == "Basics quiz"
    )
    assert greeting[3] == "cse"
    assert greeting[11] == "Good morning, how can I help?"
    assert greeting[12:16] == ["1.0", "1.0", "100.0", "Yes"]
    assert datetime.fromisoformat(greeting[8]) >= datetime.fromisoformat(greeting[7])


def test_audit_log_export_lists_the_exports(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login("hr")
    client.get("/hr/exports/certificates?format=csv")
    rows = rows_of(client.get("/hr/exports/audit").data)
    actions = [row[2] for row in rows[1:]]
    # newest first, itself included
    assert actions == ["Audit log exported", "Certificates exported"]


@pytest.mark.parametrize(
    "url",
    [
        "/hr/exports/",
        "/hr/exports/certificates?format=csv",
        "/hr/exports/attempts",
        "/hr/exports/certificates?format=zip",
        "/hr/exports/transcript?who=x",
        "/hr/exports/transcript/1.pdf",
        "/admin/api-tokens",
    ],
)
def test_learners_cannot_export(client: Any, auth: Any, synced: Any, url: str) -> None:
    auth.login("learner")
    assert client.get(url).status_code == 403


def test_export_page_lists_every_export(client: Any, auth: Any, certified: Any) -> None:
    auth.login("hr")
    html = client.get("/hr/exports/").get_data(as_text=True)
    for kind in ("certificates", "matrix", "snapshot", "attempts", "audit"):
        assert f'action="/hr/exports/{kind}"' in html
    assert '<option value="Sales">Sales</option>' in html
    assert "API tokens" not in html  # HR, not admin


def test_anonymous_visitors_are_sent_to_login(client: Any, synced: Any) -> None:
    response = client.get("/hr/exports/certificates")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_date_type_is_real(certified: Any) -> None:
    assert isinstance(certified["ada"][1].completed_on, date)
