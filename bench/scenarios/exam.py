"""250 learners start the final exam at the same moment, on PostgreSQL.

Each learner has completed every lesson of a course whose final exam is the
only thing left. All log in through the real form first (one cookie each) and
open the exam's page for its CSRF token; then 250 client threads wait at one
barrier and send the start POST together to gunicorn (2 workers, as
everywhere). Reported: p50/p95/max of the start request as the client sees it
(the redirect itself, not the page after it) and the errors: anything but a
redirect to /attempts/<id> whose page is served with its revision field.
Target (#18): 0 errors, p95 < 1 s. Skipped, with a message, without PostgreSQL
at LMS_BENCH_DATABASE_URL (default the test server at 127.0.0.1:5432).
"""

from __future__ import annotations

import os
import re
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy import insert, select, text
from sqlalchemy.exc import OperationalError

from bench import hr_org
from bench.latency import start_error, summarize
from bench.results import Figure
from bench.server import Server, running_server
from lms import create_app
from lms.auth.passwords import hash_password
from lms.db import get_database, make_engine, utcnow
from lms.migrate import upgrade
from lms.models import (
    Assignment,
    Course,
    Lesson,
    LessonProgress,
    Module,
    Person,
    PersonRole,
)
from lms.models.person import new_session_key
from lms.sync import sync_all

LEARNERS = 250
ALONE = 5  # more learners, each starting alone first: the reference
PASSWORD = "violet tractor under moonlight"
COURSE = "course-01"
EXAM = f"/courses/{COURSE}/quiz/final"
SERVER = os.environ.get(
    "LMS_BENCH_DATABASE_URL",
    os.environ.get(
        "LMS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
)
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
TIMEOUT = 120


@contextmanager
def own_database(server_url: str) -> Iterator[str]:
    """A database with a unique name on server_url's server, dropped afterwards."""
    name = f"lms_bench_exam_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        try:
            with admin.connect() as connection:
                connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                )
        finally:
            admin.dispose()


def postgres_reachable(server_url: str) -> str:
    """'' when the server answers, else why not."""
    if not server_url.startswith("postgresql"):
        return f"LMS_BENCH_DATABASE_URL is not PostgreSQL: {server_url}"
    engine = make_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        return f"no PostgreSQL at {server_url}: {str(error).splitlines()[0]}"
    finally:
        engine.dispose()
    return ""


def seed(url: str, content: Path) -> None:
    """Courses synced; LEARNERS learners assigned course-01 with every lesson done."""
    upgrade(url)
    app = create_app({"LMS_DATABASE_URL": url, "SECRET_KEY": "bench"})
    now = utcnow()
    with app.app_context():
        database = get_database(app)
        session = database.sessionmaker()
        try:
            hr_org.write_courses(content)
            report = sync_all(session, content / "courses", content / "quizzes", now)
            if not report.ok:
                raise RuntimeError("; ".join(report.lines[:3]))
            course_id = session.scalar(select(Course.id).where(Course.slug == COURSE))
            lessons = list(
                session.scalars(
                    select(Lesson.id)
                    .join(Module, Module.id == Lesson.module_id)
                    .where(Module.course_id == course_id)
                )
            )
            password_hash = hash_password(PASSWORD)
            session.execute(
                insert(Person),
                [
                    {
                        "email": f"learner{n:03d}@example.com",
                        "name": f"Learner {n:03d}",
                        "password_hash": password_hash,
                        "session_key": new_session_key(),
                        "language": "en",
                        "active": True,
                        "must_change_password": False,
                        "created_at": now,
                    }
                    for n in range(LEARNERS + ALONE)
                ],
            )
            people = list(session.scalars(select(Person.id)))
            session.execute(
                insert(PersonRole),
                [{"person_id": p, "role": "learner"} for p in people],
            )
            session.execute(
                insert(Assignment),
                [
                    {
                        "person_id": p,
                        "course_id": course_id,
                        "assigned_on": now.date() - timedelta(days=7),
                        "due_on": now.date() + timedelta(days=30),
                        "due_in_days": 37,
                    }
                    for p in people
                ],
            )
            done = now - timedelta(days=1)
            session.execute(
                insert(LessonProgress),
                [
                    {
                        "person_id": p,
                        "lesson_id": lesson,
                        "first_viewed_at": done,
                        "last_viewed_at": done,
                        "completed_at": done,
                    }
                    for p in people
                    for lesson in lessons
                ],
            )
            session.commit()
        finally:
            session.close()
            database.dispose()


class Learner:
    def __init__(self, server: Server, n: int) -> None:
        self.server, self.n = server, n
        self.http = requests.Session()
        self.token = ""

    def prepare(self) -> None:
        """Log in through the form and open the exam page for its CSRF token."""
        page = self.http.get(self.server.url("/login"), timeout=TIMEOUT).text
        token = CSRF.search(page)
        if token is None:
            raise RuntimeError("no CSRF token on the login page")
        reply = self.http.post(
            self.server.url("/login"),
            data={
                "csrf_token": token.group(1),
                "email": f"learner{self.n:03d}@example.com",
                "password": PASSWORD,
            },
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if reply.status_code != 302 or "session" not in self.http.cookies:
            raise RuntimeError(f"learner {self.n}: login answered {reply.status_code}")
        page = self.http.get(self.server.url(EXAM), timeout=TIMEOUT).text
        token = CSRF.search(page)
        if token is None:
            raise RuntimeError(f"learner {self.n}: no CSRF token on {EXAM}")
        self.token = token.group(1)

    def start(self, barrier: threading.Barrier) -> tuple[float, int, str]:
        """Milliseconds of the start POST, its status (0: no answer) and Location."""
        barrier.wait()
        started = time.perf_counter()
        try:
            reply = self.http.post(
                self.server.url(EXAM + "/start"),
                data={"csrf_token": self.token},
                allow_redirects=False,
                timeout=TIMEOUT,
            )
        except requests.RequestException:
            return (time.perf_counter() - started) * 1000, 0, ""
        elapsed = (time.perf_counter() - started) * 1000
        return elapsed, reply.status_code, reply.headers.get("Location", "")

    def check(self, status: int, location: str) -> str:
        """Open the page the start led to (after all starts); '' when it is the attempt."""
        page_status, page = 0, ""
        if status in (302, 303) and location.startswith(("/", self.server.base_url)):
            landed = self.http.get(
                self.server.url(location) if location.startswith("/") else location,
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            page_status, page = landed.status_code, landed.text
        return start_error(status, location, page_status, page)


def alone(server: Server) -> float:
    """Median start of ALONE learners, one after the other, nobody else busy."""
    times = []
    for n in range(LEARNERS, LEARNERS + ALONE):
        learner = Learner(server, n)
        learner.prepare()
        ms, status, location = learner.start(threading.Barrier(1))
        error = learner.check(status, location)
        if error:
            raise RuntimeError(f"a lone start failed: {error}")
        times.append(ms)
    return statistics.median(times)


def measure(server: Server) -> tuple[list[float], list[str], float]:
    learners = [Learner(server, n) for n in range(LEARNERS)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(Learner.prepare, learners))
    barrier = threading.Barrier(LEARNERS)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=LEARNERS) as pool:
        outcomes = list(pool.map(lambda learner: learner.start(barrier), learners))
    seconds = time.perf_counter() - started
    with ThreadPoolExecutor(max_workers=8) as pool:
        errors = list(
            pool.map(
                lambda pair: pair[0].check(pair[1][1], pair[1][2]),
                zip(learners, outcomes, strict=True),
            )
        )
    return [ms for ms, _s, _l in outcomes], [e for e in errors if e], seconds


def run(workdir: Path) -> list[Figure]:
    why_not = postgres_reachable(SERVER)
    if why_not:
        print(f"exam: skipped, {why_not}", flush=True)
        return []
    folder = workdir / "exam"
    folder.mkdir()
    with own_database(SERVER) as url:
        seed(url, folder / "content")
        with running_server(folder, url) as server:
            reference = alone(server)
            latencies, errors, seconds = measure(server)
    summary = summarize(latencies)
    details: dict[str, float | int | str] = {
        "learners": LEARNERS,
        "baseline": f"median start of {ALONE} learners each alone",
        "p50_ms": summary.p50_ms,
        "max_ms": summary.max_ms,
        "errors": len(errors),
        "wall_seconds": round(seconds, 1),
        "first_errors": "; ".join(sorted(set(errors))[:3]),
    }
    return [
        Figure(
            scenario="exam",
            name="250 start the exam: start p95",
            unit="ms",
            value=summary.p95_ms,
            baseline=round(reference, 1),
            ratio=round(summary.p95_ms / reference, 1) if reference else None,
            target="< 1000 ms",
            met=summary.p95_ms < 1000,
            details=details,
        ),
        Figure(
            scenario="exam",
            name="250 start the exam: start p50",
            unit="ms",
            value=summary.p50_ms,
        ),
        Figure(
            scenario="exam",
            name="250 start the exam: start max",
            unit="ms",
            value=summary.max_ms,
        ),
        Figure(
            scenario="exam",
            name="250 start the exam: errors",
            unit="count",
            value=len(errors),
            target="0",
            met=not errors,
        ),
    ]
