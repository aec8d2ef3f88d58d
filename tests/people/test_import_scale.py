"""Big imports: 50,000 people go through the pages; statements do not grow per row.

Security review F6: the confirmation of a 50,000-row file (the allowed maximum)
ran past the worker timeout, because the import flushed and queried per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from lms.db import get_database, utcnow
from lms.models import PasswordToken, Person
from lms.people.import_rows import MAX_ROWS
from lms.people.importing import ImportResult, import_people, read_upload
from tests.files.xlsx_bombs import small_bomb
from tests.people.test_import_pages import payload_of, upload

HEADER = "email,name,employee_id,department,manager,language,roles,active"


def people_csv(count: int, prefix: str, *, renamed: bool = False) -> bytes:
    """count people in 20 departments; each tenth manages the next nine."""
    lines = [HEADER]
    for number in range(count):
        manager = "" if number % 10 == 0 else f"{prefix}{number // 10 * 10}@example.com"
        roles = "learner;author" if renamed and number % 3 == 0 else "learner"
        active = "no" if renamed and number % 7 == 1 else "yes"
        name = f"{'Renamed' if renamed else 'Person'} {prefix}{number}"
        department = f"Dept {(number + renamed) % 20}"
        lines.append(
            f"{prefix}{number}@example.com,{name},{prefix.upper()}{number},"
            f"{department},{manager},en,{roles},{active}"
        )
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def counting_statements(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = get_database(app).engine

    def count(*args: Any) -> None:
        statements.append(args[2])  # (connection, cursor, statement, ...)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def imported(app: Flask, data: bytes, *, dry_run: bool = False) -> ImportResult:
    upload = read_upload(data, "people.csv")
    assert not upload.problems
    session = get_database(app).sessionmaker()
    try:
        rows, columns = upload.rows, upload.columns
        result = import_people(
            session, None, rows, utcnow(), dry_run=dry_run, columns=columns
        )
        session.commit()
    finally:
        session.close()
    return result


def test_the_statements_of_an_import_do_not_grow_per_row(app: Flask) -> None:
    counts: dict[tuple[str, int], int] = {}
    for count, prefix in ((1_000, "a"), (5_000, "b")):
        for step, data, dry_run in (
            ("preview new", people_csv(count, prefix), True),
            ("create", people_csv(count, prefix), False),
            ("update", people_csv(count, prefix, renamed=True), False),
            ("unchanged", people_csv(count, prefix, renamed=True), False),
        ):
            with counting_statements(app) as statements:
                result = imported(app, data, dry_run=dry_run)
            counts[step, count] = len(statements)
            expected = {"create": "created", "update": "updated"}.get(step, "")
            assert not expected or getattr(result, expected) == count

    # Chunks of 500 rows: a few more statements for 5,000 rows than for 1,000,
    # where a statement per row (or per flush) would make thousands more.
    for step in ("preview new", "create", "update", "unchanged"):
        assert counts[step, 5_000] - counts[step, 1_000] <= 40, counts
    assert counts["create", 5_000] < 100, counts


@pytest.mark.slow
def test_fifty_thousand_people_are_imported_through_the_pages(
    app: Flask, client: Any, auth: Any
) -> None:
    # The request's own import (a job above the threshold: tests/jobs).
    app.config["LMS_IMPORT_JOB_THRESHOLD"] = 0
    auth.login("hr")
    data = people_csv(MAX_ROWS, "p")
    assert len(data) < 5 * 1024 * 1024

    preview = upload(client, data)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "/hr/people/import/confirm" in html
    done = client.submit(
        "/hr/people/import/confirm",
        {"payload": payload_of(preview)},
        page="/",
        content_type="multipart/form-data",
    )
    done.request.input_stream.close()
    page = done.get_data(as_text=True)

    assert done.status_code == 200
    assert re.search(r"New people</dt><dd>50000<", page)
    assert "Time taken" in page
    # One text of all links (a table of 50,000 took longer than the import).
    assert page.count("http://lms.test/set-password/") == MAX_ROWS
    with get_database(app).sessionmaker() as session:
        assert session.scalar(select(func.count(Person.id))) == MAX_ROWS + 1
        assert session.scalar(select(func.count(PasswordToken.id))) == MAX_ROWS
        managed = select(func.count(Person.id)).where(Person.manager_id.is_not(None))
        assert session.scalar(managed) == MAX_ROWS // 10 * 9


def test_an_upload_that_unpacks_too_far_is_refused_with_a_message(
    client: Any, auth: Any
) -> None:
    auth.login("hr")
    response = upload(client, small_bomb(), "people.xlsx")
    html = response.get_data(as_text=True)
    assert "unpacks to more than 100 times its packed size" in html
    assert "/hr/people/import/confirm" not in html
