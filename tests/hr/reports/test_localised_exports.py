"""Every export opened as its reader opens it: in English and in German.

CSV files are read with Python's csv and the separator the locale implies
(";" for German, "," for English), never a sniffed one; XLSX files with
openpyxl. Headers, statuses, yes/no, course titles and numbers follow the
language of the person exporting; times are in Europe/Berlin and say so.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from tests.hr.reports.helpers import NOW, TODAY, assign, certify

BERLIN = ZoneInfo("Europe/Berlin")
SEPARATOR = {"en": ",", "de": ";"}
QUERY = {
    "certificates": "",
    "matrix": "",
    "snapshot": f"&as_of={TODAY.isoformat()}",
    "attempts": "&department=IT",
    "audit": "",
}
WORDS = {
    "en": {
        "course_id": "Course ID",
        "course": "Course",
        "status": "Status",
        "valid": "Valid",
        "completed": "Completed",
        "not_started": "Not started",
        "title": "Customer Service",
        "score": "Score (%)",
        "started": "Started (Europe/Berlin)",
        "question_id": "Question ID",
        "question": "Question",
        "response": "Response",
        "passed": "Passed",
        "yes": "Yes",
        "points": "Points",
        "when": "When (Europe/Berlin)",
        "what": "What happened",
        "exported": "exported the certificates as CSV",
    },
    "de": {
        "course_id": "Kurs-ID",
        "course": "Kurs",
        "status": "Status",
        "valid": "Gültig",
        "completed": "Abgeschlossen",
        "not_started": "Nicht begonnen",
        "title": "Kundenservice",
        "score": "Punktzahl (%)",
        "started": "Begonnen (Europe/Berlin)",
        "question_id": "Fragen-ID",
        "question": "Frage",
        "response": "Antwort",
        "passed": "Bestanden",
        "yes": "Ja",
        "points": "Punkte",
        "when": "Wann (Europe/Berlin)",
        "what": "Was geschah",
        "exported": "hat die Zertifikate als CSV exportiert",
    },
}


@pytest.fixture
def organisation(app: Any, make_person: Any, synced: Any) -> Any:
    """Ada (English) and Jürgen (German) hold the course; Bob has not started."""
    ada, _cert = certify(
        app, make_person, name="Ada Lovelace", employee_id="E-1", department="IT"
    )
    jurgen, _cert = certify(
        app,
        make_person,
        name="Jürgen Groß",
        employee_id="0012345",
        department="Vertrieb",
        language="de",
    )
    assign(app, ada.id, TODAY - timedelta(days=5), None)
    bob = make_person(name="Bob Builder")
    assign(app, bob.id, TODAY - timedelta(days=2), TODAY + timedelta(days=30))
    return ada, jurgen, bob


def read_csv(data: bytes, language: str) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(
        csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR[language])
    )
    header = rows[0]
    assert len(header) > 5  # split into columns, not one long column
    assert all(len(row) == len(header) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def read_xlsx(data: bytes) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def number(text: str, language: str) -> float:
    if language == "de":
        assert "." not in text, text
    return float(text.replace(",", "."))


def download(client: Any, kind: str, fmt: str, extra: str = "") -> bytes:
    response = client.get(f"/hr/exports/{kind}?format={fmt}{QUERY[kind]}{extra}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    data: bytes = response.get_data()
    response.close()
    return data


@pytest.mark.parametrize("language", ["en", "de"])
def test_certificates(client: Any, auth: Any, organisation: Any, language: str) -> None:
    auth.login("hr", language=language)
    words = WORDS[language]
    rows = read_csv(download(client, "certificates", "csv"), language)
    assert {
        row["Holder" if language == "en" else "Inhaberin/Inhaber"] for row in rows
    } == {
        "Ada Lovelace",
        "Jürgen Groß",
    }
    # One title per course, in the reader's language, whatever the holder's.
    assert {row[words["course"]] for row in rows} == {words["title"]}
    assert {row[words["course_id"]] for row in rows} == {"cse"}
    assert {row[words["status"]] for row in rows} == {words["valid"]}
    assert {number(row[words["score"]], language) for row in rows} == {100.0}
    book = read_xlsx(download(client, "certificates", "xlsx"))
    assert {row[words["course"]] for row in book} == {words["title"]}
    assert all(isinstance(row[words["score"]], int | float) for row in book)
    assert {row[words["status"]] for row in book} == {words["valid"]}


@pytest.mark.parametrize("kind", ["matrix", "snapshot"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_matrix_and_snapshot(
    client: Any, auth: Any, organisation: Any, language: str, kind: str
) -> None:
    auth.login("hr", language=language)
    words = WORDS[language]
    rows = read_csv(download(client, kind, "csv"), language)
    by_person = {row["Person"]: row for row in rows}
    assert by_person["Ada Lovelace"][words["status"]] == words["completed"]
    assert by_person["Bob Builder"][words["status"]] == words["not_started"]
    assert by_person["Bob Builder"][words["course"]] == words["title"]
    assert by_person["Bob Builder"][words["course_id"]] == "cse"
    book = {row["Person"]: row for row in read_xlsx(download(client, kind, "xlsx"))}
    assert book["Bob Builder"][words["status"]] == words["not_started"]
    due = book["Bob Builder"]["Due" if language == "en" else "Fällig am"]
    assert isinstance(due, datetime)
    assert due.date() == TODAY + timedelta(days=30)


@pytest.mark.parametrize("language", ["en", "de"])
def test_attempts(client: Any, auth: Any, organisation: Any, language: str) -> None:
    auth.login("hr", language=language)
    words = WORDS[language]
    rows = read_csv(download(client, "attempts", "csv"), language)
    greeting = next(
        row for row in rows if row[words["question_id"]] == "q-basics-greeting"
    )
    assert greeting[words["question"]] == "Which greeting fits best?"
    assert greeting[words["response"]] == "Good morning, how can I help?"
    assert greeting[words["passed"]] == words["yes"]
    assert greeting[words["course"]] == words["title"]
    assert number(greeting[words["points"]], language) == 1.0
    # Times are Berlin wall-clock times, read as ISO date and time.
    started = datetime.fromisoformat(greeting[words["started"]])
    assert started.tzinfo is None
    assert started.replace(tzinfo=BERLIN) - NOW.astimezone(UTC) < timedelta(minutes=5)
    book = read_xlsx(download(client, "attempts", "xlsx"))
    first = next(
        row for row in book if row[words["question_id"]] == "q-basics-greeting"
    )
    assert isinstance(first[words["started"]], datetime)
    assert isinstance(first[words["points"]], int | float)
    assert first[words["passed"]] == words["yes"]


@pytest.mark.parametrize("language", ["en", "de"])
def test_audit_log(client: Any, auth: Any, organisation: Any, language: str) -> None:
    hr = auth.login("hr", name="Hanna Berg", language=language)
    words = WORDS[language]
    download(client, "certificates", "csv")
    rows = read_csv(download(client, "audit", "csv"), language)
    sentences = [row[words["what"]] for row in rows]
    assert f"{hr.name} {words['exported']}" in sentences[1]
    moment = datetime.fromisoformat(rows[0][words["when"]]).replace(tzinfo=BERLIN)
    assert abs(moment - datetime.now(UTC)) < timedelta(minutes=5)
    book = read_xlsx(download(client, "audit", "xlsx"))
    assert isinstance(book[0][words["when"]], datetime)
    assert words["exported"] in book[2][words["what"]]


@pytest.mark.parametrize(
    ("separator", "delimiter"), [("comma", ","), ("semicolon", ";"), ("tab", "\t")]
)
def test_the_separator_can_be_chosen(
    client: Any, auth: Any, organisation: Any, separator: str, delimiter: str
) -> None:
    auth.login("hr", language="de")
    data = download(client, "matrix", "csv", f"&separator={separator}")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert rows[0][:3] == ["Person", "E-Mail", "Personalnummer"]


def test_an_unknown_separator_is_refused(
    client: Any, auth: Any, organisation: Any
) -> None:
    auth.login("hr")
    response = client.get("/hr/exports/matrix?format=csv&separator=pipe")
    assert response.status_code == 400
    assert "Choose a separator" in response.get_data(as_text=True)


def test_the_export_page_offers_the_separator(
    client: Any, auth: Any, organisation: Any
) -> None:
    auth.login("hr", language="de")
    html = client.get("/hr/exports/").get_data(as_text=True)
    assert '<option value="semicolon" selected>' in html
    assert "Trennzeichen (CSV)" in html


def test_csv_formulas_stay_neutralised_in_german(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any
) -> None:
    certify(app, make_person, name='=HYPERLINK("http://evil.example","x")')
    auth.login("hr", language="de")
    rows = read_csv(download(client, "certificates", "csv"), "de")
    assert rows[0]["Inhaberin/Inhaber"] == '\'=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize(
    "kind", ["certificates", "matrix", "snapshot", "attempts", "audit"]
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_command_line_speaks_the_language_asked(
    runner: Any, organisation: Any, tmp_path: Any, language: str, kind: str
) -> None:
    out = tmp_path / f"{kind}.csv"
    extra = ["--as-of", TODAY.isoformat()] if kind == "snapshot" else []
    result = runner.invoke(
        args=["export", kind, "--language", language, *extra, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    read_csv(out.read_bytes(), language)  # splits with the locale's separator
    first_line = out.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert words_in(first_line.split(SEPARATOR[language]), language)
    xlsx = tmp_path / f"{kind}.xlsx"
    result = runner.invoke(
        args=["export", kind, "--format", "xlsx", "--language", language, *extra]
        + ["--out", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    assert words_in(list(read_xlsx(xlsx.read_bytes())[0]), language)


def words_in(header: list[str], language: str) -> bool:
    return WORDS[language]["course_id"] in header or WORDS[language]["what"] in header


def test_the_command_line_takes_a_separator(
    runner: Any, organisation: Any, tmp_path: Any
) -> None:
    out = tmp_path / "matrix.csv"
    result = runner.invoke(
        args=["export", "matrix", "--language", "de", "--separator", "tab"]
        + ["--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    assert rows[0][:2] == ["Person", "E-Mail"]
    assert "Abgeschlossen" in {cell for row in rows for cell in row}


def test_every_status_has_words() -> None:
    from lms.certify.status import CertificateStatus
    from lms.hr.rules import Status
    from lms.web.export_locale import STATUS_WORDS

    codes = {status.value for status in Status} | {s.value for s in CertificateStatus}
    assert codes == set(STATUS_WORDS)


def test_questions_are_in_the_language_of_the_attempt(
    client: Any, auth: Any, app: Any, make_person: Any, sync: Any
) -> None:
    from tests.fixtures.content import bank

    body = bank("basics", "x").split("---\n\n", 1)[1]
    german = "---\ntitle: Grundlagenquiz\n---\n\n" + body.replace(
        "Which greeting fits best?", "Welche Begrüßung passt am besten?"
    ).replace("Good morning, how can I help?", "Guten Morgen, wie kann ich helfen?")
    report = sync({"quizzes/cse/basics.de.md": german})
    assert report.ok, report.lines
    certify(app, make_person, name="Jürgen Groß", department="IT", language="de")
    auth.login("hr", language="en")
    rows = read_csv(download(client, "attempts", "csv"), "en")
    greeting = next(
        row
        for row in rows
        if row["Question ID"] == "q-basics-greeting" and row["Quiz"] == "Grundlagenquiz"
    )
    assert greeting["Question"] == "Welche Begrüßung passt am besten?"
    assert greeting["Response"] == "Guten Morgen, wie kann ich helfen?"
    assert greeting["Course"] == "Customer Service"  # the reader's language
