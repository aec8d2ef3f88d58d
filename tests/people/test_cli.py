"""`lms users import`: CSV, XLSX, row problems, skipping, dry runs, upserts, links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.fixtures.people import PASSWORD
from tests.people.helpers import (
    HEADER,
    Snapshot,
    audit_entries,
    csv_file,
    department_names,
    people,
    xlsx_file,
)

TEAM = (
    HEADER,
    "boss@example.com,Berta Boss,E1,Sales,,de,hr,yes",
    "anna@example.com,Anna Berg,E2,Sales,boss@example.com,en,,",
    "carl@example.com,Carl Diaz,E3,Operations,E1,,learner;author,",
)


def run(runner: FlaskCliRunner, path: Path, *options: str) -> Any:
    return runner.invoke(args=["users", "import", str(path), *options])


def write(tmp_path: Path, data: bytes, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def links_in(output: str) -> dict[str, str]:
    pairs = (line.split("  ") for line in output.splitlines() if "  http" in line)
    return dict(pairs)


def test_a_csv_creates_people_departments_managers_and_links(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    result = run(runner, write(tmp_path, csv_file(*TEAM)))

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    links = links_in(result.stdout)
    assert sorted(links) == ["anna@example.com", "boss@example.com", "carl@example.com"]
    assert all(
        link.startswith("http://lms.test/set-password/") for link in links.values()
    )
    assert result.stdout.splitlines()[-1].startswith(
        "imported: 3 created, 0 updated, 0 unchanged"
    )
    assert people(app) == {
        "boss@example.com": Snapshot(
            "boss@example.com", "Berta Boss", "E1", "Sales", None, "de",
            frozenset({"hr"}), True,
        ),
        "anna@example.com": Snapshot(
            "anna@example.com", "Anna Berg", "E2", "Sales", "boss@example.com",
            "en", frozenset({"learner"}), True,
        ),
        "carl@example.com": Snapshot(
            "carl@example.com", "Carl Diaz", "E3", "Operations", "boss@example.com",
            "en", frozenset({"learner", "author"}), True,
        ),
    }  # fmt: skip
    assert department_names(app) == ["Operations", "Sales"]
    [entry] = audit_entries(app, "people.import")
    assert entry.actor_id is None
    assert entry.target == "people.csv"
    details = json.loads(entry.details_json)
    assert details["created"] == 3
    assert details["updated"] == details["unchanged"] == details["skipped"] == 0
    assert details["departments_created"] == ["Sales", "Operations"]


def test_an_xlsx_file_imports_like_a_csv(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    data = xlsx_file(
        ["E-Mail", "Name", "Personalnummer", "Abteilung", "Vorgesetzter"],
        ["boss@example.com", "Berta Boss", 1001, "Sales", None],
        ["anna@example.com", "Anna Berg", 1002, "Sales", 1001],
    )
    result = run(runner, write(tmp_path, data, "people.xlsx"))

    assert result.exit_code == 0, result.output
    assert len(links_in(result.stdout)) == 2
    imported = people(app)
    assert imported["anna@example.com"].employee_id == "1002"
    assert imported["anna@example.com"].manager == "boss@example.com"
    assert imported["boss@example.com"].department == "Sales"


def test_a_new_person_sets_a_password_with_the_printed_link_and_logs_in(
    runner: FlaskCliRunner, client: Any, tmp_path: Path
) -> None:
    result = run(runner, write(tmp_path, csv_file("email,name", "new@example.com,New")))
    link = links_in(result.stdout)["new@example.com"]
    path = link.removeprefix("http://lms.test")

    assert client.get(path).status_code == 200
    response = client.submit(
        path, {"password": PASSWORD, "confirm": PASSWORD}, page=path
    )
    assert response.status_code == 302
    login = client.submit("/login", {"email": "new@example.com", "password": PASSWORD})
    assert login.status_code == 302
    assert client.get("/").status_code == 200
    # The link works once.
    assert client.get(path).status_code == 404


BAD_ROWS = [
    pytest.param("not-an-address,Bad Mail,E9", "row 3, column email", id="bad-email"),
    pytest.param("anna@example.com,Anna 2,E9", "row 3, column email", id="dup-email"),
    pytest.param("zoe@example.com,Zoe,E2", "row 3, column employee_id", id="dup-id"),
    pytest.param("zoe@example.com,Zoe,E9,,,,wizard", "row 3, column roles", id="role"),
    pytest.param(
        "zoe@example.com,Zoe,E9,,ghost@example.com", "row 3, column manager",
        id="unknown-manager",
    ),
    pytest.param("zoe@example.com,,E9", "row 3, column name", id="empty-name"),
    pytest.param("zoe@example.com,Zoe,E9,,,klingon", "row 3, column language",
                 id="language"),
    pytest.param("zoe@example.com,Zoe,E9,,,,,maybe", "row 3, column active",
                 id="active"),
    pytest.param("zoe@example.com,Zoe,E9,,zoe@example.com", "row 3, column manager",
                 id="own-manager"),
]  # fmt: skip


@pytest.mark.parametrize(("bad_line", "where"), BAD_ROWS)
def test_a_bad_row_is_reported_with_row_and_column_and_nothing_is_imported(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, bad_line: str, where: str
) -> None:
    path = write(tmp_path, csv_file(HEADER, "anna@example.com,Anna Berg,E2", bad_line))
    result = run(runner, path)

    assert result.exit_code == 1
    assert f"{where}: " in result.stderr
    assert "1 bad row(s): nothing imported" in result.stderr
    assert "http" not in result.stdout
    assert people(app) == {}
    assert audit_entries(app) == []


def test_an_email_of_another_existing_person_is_a_row_problem(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, make_person: Any
) -> None:
    run(runner, write(tmp_path, csv_file(HEADER, "anna@example.com,Anna,E2")))
    make_person(email="taken@example.com")
    before = people(app)

    result = run(runner, write(tmp_path, csv_file(HEADER, "taken@example.com,Anna,E2")))

    assert result.exit_code == 1
    assert "row 2, column email: taken@example.com belongs to another person" in (
        result.stderr
    )
    assert people(app) == before


def test_skip_bad_rows_imports_the_good_rows_and_lists_the_bad_ones(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        csv_file(
            HEADER,
            "anna@example.com,Anna,E2",
            "broken,Broken,E3",
            "carl@example.com,Carl,E4,,ghost@example.com",
            "dora@example.com,Dora,E5",
        ),
    )
    result = run(runner, path, "--skip-bad-rows")

    assert result.exit_code == 0, result.output
    assert "row 3, column email: not a valid e-mail address" in result.stderr
    assert "row 4, column manager: unknown manager" in result.stderr
    assert sorted(links_in(result.stdout)) == ["anna@example.com", "dora@example.com"]
    assert "2 bad row(s) skipped (rows 3, 4)" in result.stdout
    assert sorted(people(app)) == ["anna@example.com", "dora@example.com"]
    [entry] = audit_entries(app, "people.import")
    assert json.loads(entry.details_json)["created"] == 2


def test_a_dry_run_shows_each_outcome_and_changes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    run(runner, write(tmp_path, csv_file(*TEAM[:3])))
    before, audits = people(app), len(audit_entries(app))
    changed = csv_file(
        HEADER,
        "boss@example.com,Berta Boss,E1,Sales,,de,hr,yes",
        "anna@example.com,Anna Berg-Lund,E2,Marketing,boss@example.com,en,,",
        "carl@example.com,Carl Diaz,E3,Operations,E1,,,",
    )
    result = run(runner, write(tmp_path, changed), "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "row 2: unchanged boss@example.com",
        "row 3: update anna@example.com (name, department)",
        "row 4: create carl@example.com",
        "dry run: 1 would be created, 1 would be updated, 1 unchanged,"
        " departments would be created: Marketing, Operations; nothing changed",
    ]
    assert people(app) == before
    assert department_names(app) == ["Sales"]
    assert len(audit_entries(app)) == audits


def test_a_dry_run_with_bad_rows_fails_unless_they_are_skipped(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, csv_file(HEADER, "anna@example.com,Anna,E2", "x,,E3"))

    failed = run(runner, path, "--dry-run")
    skipped = run(runner, path, "--dry-run", "--skip-bad-rows")

    assert failed.exit_code == 1
    assert "nothing would be imported" in failed.stderr
    assert skipped.exit_code == 0
    assert "row 2: create anna@example.com" in skipped.stdout
    assert "1 bad row(s) skipped (rows 3)" in skipped.stdout
    assert people(app) == {}


def test_reimport_updates_by_employee_id_then_email_and_keeps_the_rest(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, make_person: Any
) -> None:
    run(runner, write(tmp_path, csv_file(*TEAM)))
    make_person(email="outsider@example.com", name="Outsider")
    changed = csv_file(
        HEADER,
        # same employee id, new e-mail address, name and department
        "berta.boss@example.com,Berta Boss-Meyer,E1,Management,,de,hr,yes",
        # no employee id: matched by e-mail address
        "anna@example.com,Anna Berg,,Sales,E1,en,,",
    )
    result = run(runner, write(tmp_path, changed))

    assert result.exit_code == 0, result.output
    assert "imported: 0 created, 1 updated, 1 unchanged" in result.stdout
    assert links_in(result.stdout) == {}
    after = people(app)
    assert sorted(after) == [
        "anna@example.com",
        "berta.boss@example.com",
        "carl@example.com",
        "outsider@example.com",
    ]
    boss = after["berta.boss@example.com"]
    assert (boss.name, boss.employee_id, boss.department) == (
        "Berta Boss-Meyer",
        "E1",
        "Management",
    )
    # Not in the file: not deleted, not deactivated, manager link intact.
    assert after["carl@example.com"].active
    assert after["carl@example.com"].manager == "berta.boss@example.com"
    assert after["outsider@example.com"].active


def test_missing_columns_leave_roles_language_and_departments_alone(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    run(runner, write(tmp_path, csv_file(*TEAM)))
    result = run(runner, write(tmp_path, csv_file("email,name", "carl@example.com,C")))

    assert "1 updated" in result.stdout
    carl = people(app)["carl@example.com"]
    assert carl.name == "C"
    assert carl.roles == frozenset({"learner", "author"})
    assert (carl.department, carl.manager) == ("Operations", "boss@example.com")


def test_deactivating_through_the_file(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    run(runner, write(tmp_path, csv_file(*TEAM)))
    result = run(
        runner, write(tmp_path, csv_file("email,name,active", "anna@example.com,A,no"))
    )
    assert result.exit_code == 0, result.output
    assert not people(app)["anna@example.com"].active


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("missing.csv", None, "cannot read"),
        ("people.txt", b"email,name\n", "only CSV and XLSX files can be imported"),
        ("people.xlsx", b"PK\x03\x04garbage", "not a readable XLSX file"),
        ("people.csv", b"", "the file is empty"),
        ("people.csv", b"mail,vorname\nx,y\n", "required column is missing"),
    ],
)
def test_an_unreadable_file_is_a_one_line_error(
    runner: FlaskCliRunner, tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = run(runner, path)

    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
