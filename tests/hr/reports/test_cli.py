"""`lms export ...` and `lms demo seed`."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from lms.certify.pdfcheck import pdf_sha256, read_attachment
from lms.models import (
    Assignment,
    Attempt,
    AuditEntry,
    Certificate,
    Department,
    LessonProgress,
    Person,
)
from tests.hr.reports.helpers import TODAY, assign, certify


@pytest.fixture
def certified(app: Any, make_person: Any, synced: Any) -> Any:
    person, certificate = certify(
        app, make_person, name="Ada Lovelace", employee_id="E-1", department="IT"
    )
    assign(app, person.id, TODAY - timedelta(days=5), None)
    return person, certificate


def run(runner: Any, *args: str) -> Any:
    return runner.invoke(args=list(args))


@pytest.mark.parametrize(
    ("kind", "fmt", "extra"),
    [
        ("certificates", "csv", []),
        ("certificates", "xlsx", ["--course", "cse", "--department", "IT"]),
        ("certificates", "zip", ["--status", "valid"]),
        ("matrix", "csv", ["--status", "completed"]),
        ("matrix", "xlsx", []),
        ("attempts", "csv", ["--as-of", TODAY.isoformat()]),
        ("attempts", "xlsx", []),
        ("snapshot", "csv", ["--as-of", TODAY.isoformat()]),
        ("snapshot", "xlsx", ["--as-of", TODAY.isoformat()]),
        ("audit", "csv", []),
    ],
)
def test_each_export_writes_its_file(
    runner: Any,
    certified: Any,
    tmp_path: Path,
    db: Any,
    kind: str,
    fmt: str,
    extra: list[str],
) -> None:
    _person, certificate = certified
    out = tmp_path / f"out.{fmt}"
    result = run(runner, "export", kind, "--format", fmt, *extra, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ")
    data = out.read_bytes()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert data.startswith(b"\xef\xbb\xbf")
        assert len(rows) >= 1 + (kind != "audit")
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(out).active
        assert sheet.max_row >= 2
    else:
        archive = zipfile.ZipFile(out)
        assert archive.namelist() == [f"{certificate.number}_E-1_Ada-Lovelace.pdf"]
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == f"export.{kind}"))
    assert entry is not None
    assert entry.actor_id is None
    assert json.loads(entry.details_json)["format"] == fmt
    assert not list(tmp_path.glob(".out*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["matrix", "--format", "zip"], "Only certificates are exported as a ZIP."),
        (["attempts", "--format", "pdf"], "Choose CSV, XLSX or ZIP."),
        (["certificates", "--as-of", "2026-13-01"], "Enter the date as YYYY-MM-DD"),
        (["certificates", "--as-of", "yesterday"], "Enter the date as YYYY-MM-DD"),
        (["snapshot"], "Choose the date of the snapshot."),
        (["matrix", "--as-of", "2026-01-01"], "export a snapshot"),
        (["certificates", "--course", "nope"], "There is no course nope."),
        (["certificates", "--department", "Nope"], "There is no department Nope."),
        (["certificates", "--status", "lost"], "Choose a status"),
        (["attempts", "--status", "valid"], "This export has no status filter."),
        (["audit", "--course", "cse"], "The audit log is filtered by date only."),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    runner: Any, synced: Any, tmp_path: Path, db: Any, args: list[str], message: str
) -> None:
    out = tmp_path / "out.file"
    result = run(runner, "export", *args, "--out", str(out))
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: ")
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()
    assert db.scalar(select(AuditEntry.id)) is None


def test_missing_folder_is_an_error(runner: Any, synced: Any, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out.csv"
    result = run(runner, "export", "certificates", "--out", str(out))
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_demo_seed_creates_a_verifiable_organisation(
    runner: Any, synced: Any, db: Any, make_person: Any
) -> None:
    make_person(roles=("admin",))  # administrators do not block the seed
    result = run(runner, "demo", "seed", "--users", "14", "--seed", "7", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created 14 people in 10 departments")
    demo_people = db.scalars(
        select(Person).where(Person.employee_id.like("DEMO-%"))
    ).all()
    assert len(demo_people) == 14
    assert {p.language for p in demo_people} <= {"en", "de"}
    assert all(p.email.isascii() and p.password_hash is None for p in demo_people)
    managed = db.scalar(
        select(func.count(Department.id)).where(Department.manager_id.is_not(None))
    )
    assert managed == 10
    assert db.scalar(select(func.count(Assignment.id))) > 0
    assert db.scalar(select(func.count(LessonProgress.lesson_id))) > 0
    attempts = db.scalars(select(Attempt)).all()
    assert attempts
    assert all(a.submitted_at and a.percent is not None for a in attempts)
    certificates = db.scalars(select(Certificate)).all()
    assert certificates
    for certificate in certificates:
        assert pdf_sha256(certificate.pdf) == certificate.pdf_sha256
        record = read_attachment(certificate.pdf)
        assert record["number"] == certificate.number
        assert record["verification_code"] == certificate.verification_code
        assert record["holder_name"] == certificate.holder_name
    numbers = [c.number for c in sorted(certificates, key=lambda c: c.issued_at)]
    assert numbers == sorted(numbers)  # numbered in the order they were earned
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "demo.seed"))
    assert entry is not None
    assert json.loads(entry.details_json)["people"] == 14


def test_demo_seed_refuses_a_database_with_people(
    runner: Any, synced: Any, db: Any, make_person: Any
) -> None:
    make_person(roles=("learner",))
    result = run(runner, "demo", "seed", "--users", "3")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "--force" in result.output
    assert db.scalar(select(func.count(Person.id))) == 1
    forced = run(runner, "demo", "seed", "--users", "3", "--force", "--quiet")
    assert forced.exit_code == 0, forced.output
    again = run(runner, "demo", "seed", "--users", "2", "--force", "--quiet")
    assert again.exit_code == 0, again.output  # new ids and addresses, no clash
    db.rollback()
    assert db.scalar(select(func.count(Person.id))) == 6


def test_demo_seed_needs_courses(runner: Any, app: Any) -> None:
    result = run(runner, "demo", "seed", "--users", "3")
    assert result.exit_code == 1
    assert "lms content sync" in result.output


def test_demo_seed_exports(runner: Any, synced: Any, tmp_path: Path) -> None:
    assert run(runner, "demo", "seed", "--users", "8", "--quiet").exit_code == 0
    out = tmp_path / "pdfs.zip"
    result = run(runner, "export", "certificates", "--format", "zip", "--out", str(out))
    assert result.exit_code == 0, result.output
    for name in zipfile.ZipFile(out).namelist():
        assert name.count("_") == 2
        assert "_DEMO-" in name
        assert name.isascii()
