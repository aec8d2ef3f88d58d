"""XLSX of 50,000 certificates, in-process, next to bare XlsxWriter.

Seeds a temporary SQLite database by bulk INSERT (20 courses, 10,000 people,
50,000 certificates; the stored PDF is a stub, which no sheet reads), then
times the code path of HR's XLSX download (``build_sheet`` for
``certificates`` and ``write_xlsx`` into a temporary file, as
lms/hr/reports/views.py does) against XlsxWriter with ``constant_memory``,
as the app uses it, writing as many string cells prepared beforehand.
Both run alternately; the medians and their ratio are reported (#18: <= 1.2).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import xlsxwriter
from sqlalchemy import insert, select

from bench import hr_org
from bench.results import Figure
from lms import create_app
from lms.certify.codes import certificate_number, course_prefix, new_verification_code
from lms.db import get_database, utcnow
from lms.files.sheet_writer import write_xlsx
from lms.hr.reports import kinds as exports
from lms.hr.reports.certificates import CERTIFICATE_HEADER
from lms.migrate import upgrade
from lms.models import Certificate, Course, Department, Person
from lms.models.person import new_session_key
from lms.sync import sync_all
from lms.web.export_locale import export_locale

CERTIFICATES = 50_000
PEOPLE = 10_000
ROUNDS = 3
TARGET = 1.2


def seed(url: str, content: Path) -> None:
    """Courses synced for real; people and certificates by Core INSERT."""
    upgrade(url)
    app = create_app({"LMS_DATABASE_URL": url, "SECRET_KEY": "bench"})
    now = utcnow()
    rng = random.Random(18)  # noqa: S311  (reproducible bench data)
    with app.app_context():
        database = get_database(app)
        session = database.sessionmaker()
        try:
            hr_org.write_courses(content)
            report = sync_all(session, content / "courses", content / "quizzes", now)
            if not report.ok:
                raise RuntimeError("; ".join(report.lines[:3]))
            slugs = dict(session.execute(select(Course.id, Course.slug)).all())
            session.execute(
                insert(Department), [{"name": f"Department {n:02d}"} for n in range(20)]
            )
            departments = list(session.scalars(select(Department.id)))
            session.execute(
                insert(Person),
                [
                    {
                        "email": f"person{n:05d}@example.com",
                        "name": f"Person {n:05d}",
                        "session_key": new_session_key(),
                        "language": "en",
                        "active": True,
                        "must_change_password": False,
                        "created_at": now,
                        "employee_id": f"E{n:05d}",
                        "department_id": departments[n % len(departments)],
                    }
                    for n in range(PEOPLE)
                ],
            )
            people = list(session.scalars(select(Person.id)))
            courses = sorted(slugs)
            rows = []
            for n in range(CERTIFICATES):
                course_id = courses[n % len(courses)]
                prefix = course_prefix(slugs[course_id])
                done = now.date() - timedelta(days=rng.randint(0, 700))
                rows.append(
                    {
                        "number": certificate_number(prefix, done.year, n + 1),
                        "prefix": prefix,
                        "year": done.year,
                        "sequence": n + 1,
                        "verification_code": new_verification_code(),
                        "issue_key": f"bench:{n}",
                        "person_id": people[n % len(people)],
                        "course_id": course_id,
                        "holder_name": f"Person {n % len(people):05d}",
                        "course_title": slugs[course_id],
                        "language": "en",
                        "score_percent": float(rng.randint(60, 100)),
                        "completed_on": done,
                        "issued_at": now - timedelta(days=rng.randint(0, 700)),
                        "valid_until": done + timedelta(days=365),
                        "content_version": "bench",
                        "pdf_sha256": "0" * 64,
                        "pdf": b"%PDF-1.4 stub",
                    }
                )
            for start in range(0, len(rows), hr_org.CHUNK):
                session.execute(insert(Certificate), rows[start : start + hr_org.CHUNK])
            session.commit()
        finally:
            session.close()
            database.dispose()


def app_export(url: str) -> Callable[[], float]:
    """One timed XLSX download's work, without HTTP: rows read and written."""
    app = create_app({"LMS_DATABASE_URL": url, "SECRET_KEY": "bench"})

    def measure() -> float:
        with app.test_request_context("/hr/exports/certificates?format=xlsx"):
            session = get_database(app).sessionmaker()
            try:
                started = time.perf_counter()
                today = utcnow().date()
                sheet = exports.build_sheet(
                    session,
                    "certificates",
                    exports.ExportFilters(),
                    today,
                    export_locale("en"),
                )
                with tempfile.TemporaryFile() as spool:
                    write_xlsx(spool, [sheet])
                    size = spool.tell()
                seconds = time.perf_counter() - started
            finally:
                session.close()
        if size < 100_000:
            raise RuntimeError(f"the XLSX export is too small ({size} bytes)")
        return seconds

    return measure


def bare_xlsx(rows: int, columns: int) -> Callable[[], float]:
    """XlsxWriter alone writing rows x columns string cells prepared beforehand."""
    cells = [
        [f"C{row:06d}-{column:02d}" for column in range(columns)] for row in range(rows)
    ]

    def measure() -> float:
        started = time.perf_counter()
        with tempfile.TemporaryFile() as handle:
            book = xlsxwriter.Workbook(handle, {"constant_memory": True})
            sheet = book.add_worksheet()
            write_string = sheet.write_string
            for row, values in enumerate(cells):
                for column, value in enumerate(values):
                    write_string(row, column, value)
            book.close()
        return time.perf_counter() - started

    return measure


def alternate(
    target: Callable[[], float], reference: Callable[[], float], rounds: int
) -> tuple[float, float]:
    """Medians of target and reference, run alternately after one warm-up each."""
    target()
    reference()
    measured, baseline = [], []
    for _ in range(rounds):
        measured.append(target())
        baseline.append(reference())
    return statistics.median(measured), statistics.median(baseline)


def run(workdir: Path) -> list[Figure]:
    folder = workdir / "xlsx"
    folder.mkdir()
    url = f"sqlite:///{folder}/bench.sqlite3"
    started = time.perf_counter()
    seed(url, folder / "content")
    seeded = time.perf_counter() - started
    columns = len(CERTIFICATE_HEADER)
    app_seconds, bare_seconds = alternate(
        app_export(url), bare_xlsx(CERTIFICATES + 1, columns), ROUNDS
    )
    ratio = app_seconds / bare_seconds
    return [
        Figure(
            scenario="xlsx",
            name="XLSX of 50,000 certificates",
            unit="s",
            value=round(app_seconds, 3),
            baseline=round(bare_seconds, 3),
            ratio=round(ratio, 2),
            target=f"ratio <= {TARGET:g}",
            met=ratio <= TARGET,
            details={
                "baseline": f"bare XlsxWriter (constant_memory), {columns} x {CERTIFICATES + 1} string cells",
                "certificates": CERTIFICATES,
                "rounds": ROUNDS,
                "seed_seconds": round(seeded, 1),
            },
        )
    ]
