"""import_people on its own: matching, clashes, permissions, managers, dry runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import Department, PasswordToken, Person
from lms.people.import_rows import PersonRow, RowProblem
from lms.people.importing import ImportResult, Outcome, import_people, read_upload
from tests.people.helpers import HEADER, csv_file, people

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def run_import(
    db: Session,
    actor: Person | None,
    *lines: str,
    dry_run: bool = False,
) -> ImportResult:
    upload = read_upload(csv_file(*lines), "people.csv")
    assert upload.problems == ()
    result = import_people(
        db, actor, upload.rows, NOW, dry_run=dry_run, columns=upload.columns
    )
    db.commit()
    return result


def problems_of(result: ImportResult) -> list[tuple[int, str]]:
    return [(problem.row, problem.column) for problem in result.problems]


def test_outcomes_counts_and_the_hook_for_new_people(db: Session) -> None:
    first = run_import(db, None, HEADER, "a@example.com,A,E1", "b@example.com,B,E2")
    second = run_import(
        db, None, HEADER, "a@example.com,A,E1", "b@example.com,Bee,E2", "c@x.org,C"
    )

    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert [item.outcome for item in second.outcomes] == [
        Outcome.UNCHANGED,
        Outcome.UPDATE,
        Outcome.CREATE,
    ]
    assert second.outcomes[1].changes == ("name",)
    ids = db.scalars(select(Person.id).where(Person.email == "c@x.org")).all()
    assert second.new_people_ids == tuple(ids)


def test_a_dry_run_adds_nothing_to_the_session(db: Session) -> None:
    result = run_import(db, None, HEADER, "a@example.com,A,E1,Sales", dry_run=True)

    assert result.created == 1
    assert result.new_people == ()
    assert result.departments_created == ("Sales",)
    assert db.scalar(select(func.count()).select_from(Person)) == 0
    assert db.scalar(select(func.count()).select_from(Department)) == 0


def test_the_same_person_twice_in_one_file(db: Session) -> None:
    run_import(db, None, HEADER, "a@example.com,A,E1")
    result = run_import(
        db, None, HEADER, "new@example.com,A,E1", "a@example.com,A again"
    )
    assert problems_of(result) == [(3, "email")]
    assert result.problems[0].message == "the same person as in row 2"
    assert result.updated == 1


def test_an_email_held_by_a_person_with_another_employee_id(db: Session) -> None:
    run_import(db, None, HEADER, "a@example.com,A,E1")
    result = run_import(db, None, HEADER, "a@example.com,A,E7")

    assert result.problems == (
        RowProblem(
            2, "email", "a@example.com belongs to the person with employee id E1"
        ),
    )
    assert result.outcomes[0].outcome is Outcome.PROBLEM


def test_an_employee_id_longer_than_the_database_allows(db: Session) -> None:
    result = run_import(db, None, HEADER, f"a@example.com,A,{'9' * 65}")
    assert problems_of(result) == [(2, "employee_id")]


def test_a_manager_left_out_leaves_out_the_people_they_manage(db: Session) -> None:
    run_import(db, None, HEADER, "taken@example.com,Taken,E0")
    result = run_import(
        db,
        None,
        HEADER,
        "taken@example.com,Boss,E1",  # clash: the address belongs to someone else
        "a@example.com,A,E2,,E1",
        "b@example.com,B,E3,,a@example.com",
    )
    assert problems_of(result) == [(2, "email"), (3, "manager"), (4, "manager")]
    assert result.problems[1].message == "the manager in row 2 is not imported"
    assert result.created == 0


def test_managers_known_from_earlier_imports(app: Flask, db: Session) -> None:
    run_import(db, None, HEADER, "boss@example.com,Boss,E1")
    run_import(
        db,
        None,
        HEADER,
        "a@example.com,A,E2,,E1",
        "b@example.com,B,E3,,boss@example.com",
    )
    snapshot = people(app)
    assert snapshot["a@example.com"].manager == "boss@example.com"
    assert snapshot["b@example.com"].manager == "boss@example.com"


def test_departments_match_whatever_the_case_and_empty_cells_clear(
    app: Flask, db: Session
) -> None:
    run_import(db, None, HEADER, "a@example.com,A,E1,Sales", "b@example.com,B,E2,Ops")
    result = run_import(
        db, None, HEADER, "a@example.com,A,E1,sales ", "b@example.com,B,E2,"
    )
    assert result.departments_created == ()
    assert [item.changes for item in result.outcomes] == [(), ("department",)]
    assert people(app)["b@example.com"].department is None


def test_people_created_inactive_get_no_link(db: Session) -> None:
    result = run_import(db, None, "email,name,active", "a@example.com,A,no")

    [person] = result.new_people
    assert person.token is None
    assert db.scalar(select(func.count()).select_from(PasswordToken)) == 0


def test_each_active_new_person_gets_one_token(db: Session) -> None:
    result = run_import(db, None, "email,name", "a@example.com,A", "b@example.com,B")
    tokens = db.scalars(select(PasswordToken)).all()
    assert {token.person_id for token in tokens} == set(result.new_people_ids)
    assert all(token.expires_at > NOW for token in tokens)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "new@example.com,New,E9,,,,admin",
            "only administrators can grant the role admin",
        ),
        (
            "admin@example.com,Renamed,,,,,admin",
            "only administrators can change people with the role admin",
        ),
        (
            "member@example.com,Member,,,,,admin",
            "only administrators can grant the role admin",
        ),
        (
            "new@example.com,New,E9,,,,author",
            "only administrators can grant the role author",
        ),
        (
            'new@example.com,New,E9,,,,"learner,hr"',
            "only administrators can grant the role hr",
        ),
        (
            "member@example.com,Member,,,,,author",
            "only administrators can grant the role author",
        ),
        (
            "author@example.com,Renamed,,,,,author",
            "only administrators can change people with the role author",
        ),
        (
            "author@example.com,Author,,,,,learner",
            "only administrators can change people with the role author",
        ),
        (
            "colleague@example.com,Colleague,,,,,hr,no",
            "only administrators can change people with the role hr",
        ),
        (
            'hr@example.com,Me,,,,,"hr,author"',
            "only administrators can change people with the role hr",
        ),
    ],
)
def test_hr_cannot_grant_roles_or_change_privileged_people(
    app: Flask,
    db: Session,
    make_person: Callable[..., Person],
    line: str,
    problem: str,
) -> None:
    hr = make_person(email="hr@example.com", name="Me", roles=("hr",))
    make_person(email="admin@example.com", name="Admin", roles=("admin",))
    make_person(email="member@example.com", name="Member")
    make_person(email="author@example.com", name="Author", roles=("learner", "author"))
    make_person(email="colleague@example.com", name="Colleague", roles=("hr",))
    before = people(app)

    result = run_import(db, hr, HEADER, line)

    assert [(item.row, item.message) for item in result.problems] == [(2, problem)]
    assert result.new_people == ()
    db.commit()
    assert people(app) == before
    admin = make_person(roles=("admin",))
    assert run_import(db, admin, HEADER, line, dry_run=True).problems == ()


def test_an_unchanged_administrator_row_is_fine_for_hr(
    db: Session, make_person: Callable[..., Person]
) -> None:
    hr = make_person(email="hr@example.com", roles=("hr",))
    make_person(email="admin@example.com", name="Admin", roles=("admin",))
    result = run_import(db, hr, HEADER, "admin@example.com,Admin,,,,,admin")
    assert result.problems == ()
    assert result.unchanged == 1


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("admin@example.com,Me,,,,,admin,no", "active"),
        ("admin@example.com,Me,,,,,learner", "roles"),
    ],
)
def test_nobody_locks_themselves_out(
    db: Session, make_person: Callable[..., Person], line: str, column: str
) -> None:
    admin = make_person(email="admin@example.com", name="Me", roles=("admin",))
    result = run_import(db, admin, HEADER, line)
    assert problems_of(result) == [(2, column)]


def test_rows_given_directly_need_no_file(db: Session) -> None:
    rows = [PersonRow(row=7, email="a@example.com", name="  Anna   Berg ")]
    result = import_people(db, None, rows, NOW, dry_run=False)
    db.commit()
    assert result.outcomes[0].row == 7
    assert db.scalar(select(Person.name)) == "Anna Berg"
