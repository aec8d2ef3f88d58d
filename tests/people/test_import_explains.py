"""An import that explains itself (issue 17): templates in the reader's language,
the file's values next to a row's problem, messages in the reader's language,
counts that match the audit entry, and a reason when "skip" was not ticked."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import openpyxl
import pytest
from flask import Flask

from tests.people.helpers import HEADER, audit_entries, csv_file, people
from tests.people.test_import_pages import payload_of, upload

BAD_ROW = csv_file(
    HEADER,
    "anna@example.com,Anna Berg,E1",
    "ben@example.com,Ben Bauer,E2",
    "not-an-email,Broken Row,E3",
    "cleo@example.com,Cleo Cole,E4,,,klingon",
)


def _term(html: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)", html)
    assert match, html
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("language", "header", "separator"),
    [
        ("en", ["E-mail address", "Name", "Employee id", "Department"], ","),
        ("de", ["E-Mail-Adresse", "Name", "Personalnummer", "Abteilung"], ";"),
    ],
)
def test_the_templates_have_headers_in_the_readers_language_and_import_back(
    app: Flask, client: Any, auth: Any, language: str, header: list[str], separator: str
) -> None:
    auth.login("hr", language=language)
    page = client.get("/hr/people/import").get_data(as_text=True)
    assert "/hr/people/import/template.csv" in page
    assert "/hr/people/import/template.xlsx" in page

    response = client.get("/hr/people/import/template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    [row] = list(csv.reader(io.StringIO(text[1:]), delimiter=separator))
    assert row[:4] == header
    filled = text + separator.join(["zoe@example.com", "Zoë Zander", "Z1", "Vertrieb"])
    preview = upload(client, filled.encode("utf-8"), "vorlage.csv")
    html = preview.get_data(as_text=True)
    assert "/hr/people/import/confirm" in html, html

    xlsx = client.get("/hr/people/import/template.xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.get_data())).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]][:4] == header
    sheet.append(["max@example.com", "Max Muster", "M1", "Vertrieb"])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    preview = upload(client, buffer.getvalue(), "vorlage.xlsx")
    html = preview.get_data(as_text=True)
    assert "/hr/people/import/confirm" in html, html
    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
    )
    assert done.status_code == 200
    assert people(app)["max@example.com"].department == "Vertrieb"


def test_a_faulty_row_shows_what_the_file_says(client: Any, auth: Any) -> None:
    auth.login("hr")
    html = upload(client, BAD_ROW).get_data(as_text=True)
    row = re.search(
        r'<tr class="is-problem">\s*<th scope="row">4</th>(.*?)</tr>', html, re.S
    )
    assert row, html
    assert "not-an-email" in row.group(1)
    assert "Broken Row" in row.group(1)


def test_the_german_preview_speaks_german(client: Any, auth: Any) -> None:
    auth.login("hr", language="de")
    html = upload(client, BAD_ROW).get_data(as_text=True)
    assert "Zeile 4, Spalte E-Mail-Adresse: keine gültige E-Mail-Adresse" in html
    assert "unbekannte Sprache &#39;klingon&#39;" in html
    assert "not a valid e-mail address" not in html
    assert "unknown language" not in html
    assert "column email" not in html


def test_the_summary_counts_match_the_audit_entry(
    app: Flask, client: Any, auth: Any
) -> None:
    auth.login("hr", language="de")
    payload = payload_of(upload(client, BAD_ROW))
    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload, "skip": "1"}, page="/"
    )
    html = done.get_data(as_text=True)
    [entry] = audit_entries(app, "people.import")
    details = json.loads(entry.details_json)
    assert (details["created"], details["skipped"]) == (2, 2)
    assert _term(html, "Neue Personen") == "2"
    assert _term(html, "Ausgelassene Zeilen").startswith("2 (Zeilen 4, 5)")


def test_continuing_without_ticking_the_box_says_why(client: Any, auth: Any) -> None:
    auth.login("hr", language="de")
    payload = payload_of(upload(client, BAD_ROW))
    response = client.submit(
        "/hr/people/import/preview", {"payload": payload}, page="/"
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Setzen Sie das Häkchen" in html
    assert 'aria-invalid="true"' in html
