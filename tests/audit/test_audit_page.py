"""The audit log page and its CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import event

from lms.audit.record import audit
from lms.db import get_database
from lms.models import Person
from tests.people.helpers import audit_entries

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ROW = re.compile(r"<tr>\s*<td><time", re.S)
HEADER = [
    "When (Europe/Berlin)",
    "Who",
    "Action",
    "What happened",
    "Target",
    "Reason",
    "Details",
]


def add_entries(
    app: Flask, count: int, actor: Person | None = None, action: str = "x.test"
) -> None:
    with get_database(app).sessionmaker() as session:
        for number in range(count):
            audit(
                session,
                actor,
                action,
                f"target-{number}",
                details={"number": number},
                now=START + timedelta(minutes=number),
            )
        session.commit()


def download(client: Any, url: str) -> Any:
    """A streamed response, read and closed, so its request's session ends."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def rows_on(client: Any, url: str) -> tuple[int, str]:
    html = client.get(url).get_data(as_text=True)
    return len(ROW.findall(html)), html


def test_newest_first_in_pages_of_fifty(app: Flask, client: Any, auth: Any) -> None:
    auth.login("hr")
    add_entries(app, 120)

    count, html = rows_on(client, "/audit")
    assert count == 50
    assert html.index("target-119") < html.index("target-118")
    assert "target-69" not in html
    assert "page 1 of 3" in html
    assert "page=2" in html

    count, html = rows_on(client, "/audit?page=3")
    assert count == 20
    assert "target-0<" in html
    assert "target-20<" not in html
    # Past the end shows the last page; nonsense shows the first.
    assert rows_on(client, "/audit?page=99")[0] == 20
    for nonsense in ["abc", "-2", "%C2%B2", "%EF%BC%93", "9" * 5000]:  # ², fullwidth 3
        assert rows_on(client, f"/audit?page={nonsense}")[0] == 50, nonsense


def test_filter_by_action(app: Flask, client: Any, auth: Any) -> None:
    hr = auth.login("hr")
    add_entries(app, 3, hr, "certificate.revoke")
    add_entries(app, 2, None, "people.import")

    count, html = rows_on(client, "/audit?action=people.import")
    assert count == 2
    assert "The system imported people from target-1" in html
    assert '<option value="certificate.revoke">Certificate revoked</option>' in html
    assert '<option value="people.import" selected>People imported</option>' in html
    count, html = rows_on(client, "/audit?action=certificate.revoke")
    assert count == 3
    assert hr.name in html
    assert rows_on(client, "/audit?action=nothing")[0] == 0


def test_the_csv_export_is_neutralised_filtered_and_itself_audited(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    hr = auth.login("hr")
    attacker = make_person(name='=HYPERLINK("http://evil.example","x")')
    add_entries(app, 2, attacker, "people.import")
    add_entries(app, 1, hr, "certificate.revoke")

    response = download(client, "/audit.csv?action=people.import")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert [row[4] for row in rows[1:]] == ["target-1", "target-0"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][3].startswith('\'=HYPERLINK("http://evil.example","x") imported')
    # 08:01 UTC in January is 09:01 in Berlin
    assert rows[1][0] == "2026-01-05 09:01:00"
    assert json.loads(rows[1][6]) == {"number": 1}

    [export] = audit_entries(app, "audit.export")
    assert export.actor_id == hr.id
    assert json.loads(export.details_json) == {
        "action": "people.import",
        "format": "csv",
    }


def test_the_full_csv_includes_its_own_export_entry(
    app: Flask, client: Any, auth: Any
) -> None:
    auth.login("admin")
    add_entries(app, 3)
    body = download(client, "/audit.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[2] for row in rows[1:]] == ["Audit log exported"] + ["x.test"] * 3
    # The rows were read through a session of their own, closed with the stream.
    assert get_database(app).engine.pool.checkedout() == 0  # type: ignore[attr-defined]


@contextmanager
def counted(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = get_database(app).engine

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.mark.parametrize("page", ["/audit", "/audit.csv", "/audit.xlsx"])
def test_queries_do_not_grow_with_the_number_of_actors(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person], page: str
) -> None:
    auth.login("hr")
    counts = []
    for size in (3, 30):
        for _ in range(size - len(audit_entries(app))):
            add_entries(app, 1, make_person(password=None))
        with counted(app) as statements:
            assert download(client, page).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_entries_read_as_escaped_sentences_with_their_details(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    auth.login("hr", language="de")
    mallory = make_person(name="<script>alert(1)</script>")
    with get_database(app).sessionmaker() as session:
        audit(
            session,
            mallory,
            "people.deactivate",
            "lena@example.com",
            details={"person_id": mallory.id},
            now=START,
        )
        session.commit()
    html = client.get("/audit").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; hat das Konto von"
        " &lt;script&gt;alert(1)&lt;/script&gt; deaktiviert." in html
    )
    assert "<details><summary>Konto deaktiviert</summary>" in html
    assert "<code>people.deactivate</code>" in html  # the raw details, folded


def test_filters_by_person_action_and_period_without_javascript(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    hr = auth.login("hr")
    other = make_person(name="Olga Other")
    add_entries(app, 3, hr, "certificate.revoke")  # 09:00-09:02 Berlin, 5 January
    add_entries(app, 2, other, "people.import")
    add_entries(app, 1, None, "assignment.reopen")

    html = client.get("/audit").get_data(as_text=True)
    assert f'<option value="{other.id}">Olga Other</option>' in html
    assert '<option value="token.create">API token created</option>' in html
    assert 'type="date" id="audit-from" name="from"' in html

    assert rows_on(client, f"/audit?actor={other.id}")[0] == 2
    assert rows_on(client, "/audit?actor=system")[0] == 1
    assert rows_on(client, f"/audit?actor={hr.id}&action=people.import")[0] == 0
    assert rows_on(client, "/audit?from=2026-01-05&to=2026-01-05")[0] == 6
    assert rows_on(client, "/audit?from=2026-01-06")[0] == 0
    assert rows_on(client, "/audit?to=2026-01-04")[0] == 0
    count, html = rows_on(client, f"/audit?actor={other.id}&from=2026-01-05")
    assert count == 2
    # The downloads keep the filters.
    assert f"/audit.csv?actor={other.id}&amp;from=2026-01-05" in html

    response = client.get("/audit?from=5.1.2026")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)


def test_the_xlsx_export_follows_the_filters_in_german(
    app: Flask, client: Any, auth: Any
) -> None:
    import openpyxl

    hr = auth.login("hr", language="de")
    add_entries(app, 2, hr, "certificate.revoke")
    add_entries(app, 1, hr, "people.import")
    response = download(client, "/audit.xlsx?action=certificate.revoke")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Wann (Europe/Berlin)", "Wer", "Aktion", "Was geschah")
    assert len(rows) == 3
    berlin = (START + timedelta(minutes=1)).astimezone(ZoneInfo("Europe/Berlin"))
    assert rows[1][0] == berlin.replace(tzinfo=None)  # a date cell, Berlin time
    assert rows[1][3] == f"{hr.name} hat das Zertifikat target-1 widerrufen."


def test_the_csv_export_in_german_uses_semicolons(
    app: Flask, client: Any, auth: Any
) -> None:
    hr = auth.login("hr", language="de")
    add_entries(app, 1, hr, "certificate.revoke")
    body = download(client, "/audit.csv?action=certificate.revoke").get_data()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][3] == "Was geschah"
    assert rows[1][3] == f"{hr.name} hat das Zertifikat target-0 widerrufen."
