"""The training matrix export and the "as of date" snapshot."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from lms.db import get_database
from lms.hr.reports.matrix import snapshot_rows
from lms.web.export_locale import export_locale
from tests.hr.reports.helpers import NOW, TODAY, assign, certify


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest.fixture
def organisation(app: Any, make_person: Any, synced: Any) -> Any:
    """Ada: assigned 100 days ago, due 70 days ago, certified 50 days ago.
    Bob: assigned 10 days ago, nothing done."""
    ada, certificate = certify(
        app,
        make_person,
        name="Ada Lovelace",
        employee_id="E-1",
        department="IT",
        when=NOW - timedelta(days=50),
    )
    assign(app, ada.id, TODAY - timedelta(days=100), TODAY - timedelta(days=70))
    bob = make_person(name="Bob Builder")
    assign(app, bob.id, TODAY - timedelta(days=10), TODAY + timedelta(days=20))
    return ada, bob, certificate


def test_matrix_export_is_today(client: Any, auth: Any, organisation: Any) -> None:
    _ada, _bob, certificate = organisation
    auth.login("hr")
    response = client.get("/hr/exports/matrix?format=csv")
    assert response.status_code == 200
    rows = rows_of(response.data)
    assert rows[0][:7] == [
        "Person",
        "E-mail",
        "Employee ID",
        "Department",
        "Course ID",
        "Course",
        "Status",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ada Lovelace"][4] == "cse"
    assert by_name["Ada Lovelace"][6] == "Completed"
    assert by_name["Ada Lovelace"][9] == day(-50)
    assert by_name["Ada Lovelace"][11] == certificate.number
    assert by_name["Bob Builder"][6] == "Not started"
    only = rows_of(client.get("/hr/exports/matrix?status=not_started").data)
    assert [row[0] for row in only[1:]] == ["Bob Builder"]
    it = rows_of(client.get("/hr/exports/matrix?department=IT").data)
    assert [row[0] for row in it[1:]] == ["Ada Lovelace"]


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-120, {}),  # before anyone was assigned
        (-60, {"Ada Lovelace": ("Overdue", "")}),  # assigned, certified later
        (-40, {"Ada Lovelace": ("Completed", "cert")}),
        (
            0,
            {
                "Ada Lovelace": ("Completed", "cert"),
                "Bob Builder": ("Not started", ""),
            },
        ),
    ],
)
def test_snapshot_shows_only_what_existed_then(
    client: Any, auth: Any, organisation: Any, offset: int, expected: dict[str, Any]
) -> None:
    _ada, _bob, certificate = organisation
    auth.login("hr")
    response = client.get(f"/hr/exports/snapshot?format=csv&as_of={day(offset)}")
    assert response.status_code == 200
    assert f"snapshot-{day(offset)}.csv" in response.headers["Content-Disposition"]
    found = {
        row[0]: (row[6], "cert" if row[11] == certificate.number else row[11])
        for row in rows_of(response.data)[1:]
    }
    assert found == expected


def test_snapshot_xlsx(client: Any, auth: Any, organisation: Any) -> None:
    import openpyxl

    auth.login("hr")
    response = client.get(f"/hr/exports/snapshot?format=xlsx&as_of={day(-40)}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == f"Snapshot {day(-40)}"
    assert sheet.cell(row=2, column=8).value.date().isoformat() == day(-100)


def test_snapshot_runs_a_fixed_number_of_queries(
    app: Any, organisation: Any, make_person: Any, db: Any
) -> None:
    with app.app_context():
        where = export_locale("en")

    def count(people: int) -> int:
        statements: list[str] = []

        def listen(*args: Any) -> None:
            statements.append(args[2])

        engine = get_database(app).engine
        event.listen(engine, "before_cursor_execute", listen)
        try:
            list(
                snapshot_rows(
                    db,
                    where,
                    as_of=TODAY,
                    course_id=None,
                    department_id=None,
                    status=None,
                )
            )
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(statements)

    few = count(2)
    for number in range(10):
        person = make_person(name=f"Extra {number}")
        assign(app, person.id, TODAY - timedelta(days=number), None)
    db.rollback()
    assert count(12) == few
