"""Two app servers (gunicorn) and one worker (`lms worker`) on one PostgreSQL
database and one Redis, as README "Deployment" describes, driven over real HTTP.

A browser keeps one cookie jar and sends each request to the server a load
balancer might pick: a job started on one server is run once and followed on the
other, login failures count on both, a quiz attempt moves between them, and a
logout on one ends the session on the other.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from huey import RedisHuey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.db import get_database, utcnow
from lms.models import Attempt, AuditEntry, Certificate, Course, Job, Person
from tests.certify.helpers import earn
from tests.deploy.cluster import Browser, Cluster, Server, base_env, wait_for
from tests.fixtures.database import is_postgres
from tests.fixtures.people import PASSWORD
from tests.fixtures.redis import REDIS_URL
from tests.quiz.attempts.helpers import RIGHT, page_revision, page_values, write_basics

LOGIN_LIMIT = 6

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not is_postgres(),
        reason="several servers need one shared database server: runs on "
        "PostgreSQL only (set LMS_TEST_DATABASE_URL, as `make test-postgres` does)",
    ),
]

Start = Callable[..., tuple[Cluster, Server, Server]]


@pytest.fixture
def start(
    database_url: str, content_root: Path, redis_prefix: str, tmp_path: Path
) -> Iterator[Start]:
    """Start servers A and B on the test's database (content synced before)."""
    clusters: list[Cluster] = []

    def run(**changes: str) -> tuple[Cluster, Server, Server]:
        settings = {
            "LMS_DATABASE_URL": database_url,
            "LMS_SECRET_KEY": secrets.token_hex(32),
            "LMS_BASE_URL": "http://lms.test",
            "LMS_CONTENT_DIR": str(content_root / "courses"),
            "LMS_QUIZ_DIR": str(content_root / "quizzes"),
            "LMS_JOBS_REDIS_URL": REDIS_URL,
            "LMS_RATELIMIT_STORAGE_URL": REDIS_URL,
            "LMS_RATELIMIT_KEY_PREFIX": redis_prefix,
            "LMS_LOGIN_LIMIT": f"{LOGIN_LIMIT} per 15 minutes",
        }
        env = base_env(**{**settings, **changes})
        cluster = Cluster(env, tmp_path / "cluster")
        clusters.append(cluster)
        a, b = cluster.start_server("a"), cluster.start_server("b")
        cluster.wait_until_up(a)
        cluster.wait_until_up(b)
        return cluster, a, b

    yield run
    for cluster in clusters:
        cluster.stop()


def course_id(db: Session) -> int:
    found = db.scalar(select(Course.id).where(Course.slug == "cse"))
    assert found is not None
    return int(found)


def test_a_job_started_on_one_server_runs_once_and_shows_on_the_other(
    app: Any, db: Session, make_person: Any, synced: Any, start: Start
) -> None:
    session = get_database(app).sessionmaker()
    for name in ("Ada Lovelace", "Grace Hopper"):
        person = make_person(name=name)
        holder = session.get(Person, person.id)
        assert holder is not None
        earn(session, holder, utcnow() - timedelta(days=30))
    session.close()
    hr = make_person(roles=("hr",))
    cluster, a, b = start()
    cluster.start_worker("worker")
    hr_browser = Browser()
    assert hr_browser.login(a, hr.email, PASSWORD).status_code == 302

    path = f"/hr/certificates/reissue-course?course={course_id(db)}"
    html = hr_browser.page(a, path)
    key = re.search(r'name="job_key" value="([^"]+)"', html)
    assert key
    form = {"course": str(course_id(db)), "job_key": key.group(1)}
    first = hr_browser.post(a, path, form, html=html)
    # Sent again (a double click) and the load balancer picks the other server.
    again = hr_browser.post(b, path, form, html=html)
    assert first.status_code == again.status_code == 302, cluster.logs()
    job_page = first.headers["Location"]
    assert again.headers["Location"] == job_page

    def finished() -> Any:
        status = hr_browser.get(b, job_page + "/status").json()
        return status if status["final"] else None

    status = wait_for(finished)
    assert status["state"] == "done", cluster.logs()
    assert status["done"] == status["total"] == 2
    assert "2 of 2 done." in hr_browser.page(b, job_page)
    download = hr_browser.get(b, job_page + "/result")
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.text)))
    assert {row[2] for row in rows[1:]} == {"Ada Lovelace", "Grace Hopper"}

    # Exactly once: one job, run once, two new certificates, nothing left queued.
    db.rollback()
    assert db.scalars(select(Job.runs)).all() == [1]
    assert db.scalar(select(func.count()).select_from(Certificate)) == 4
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions.count("certificate.reissue") == 2
    queue = RedisHuey(f"{cluster.env['LMS_RATELIMIT_KEY_PREFIX']}-jobs", url=REDIS_URL)
    assert queue.pending_count() == 0


@pytest.mark.parametrize("storage", ["redis", "database"])
def test_login_failures_on_both_servers_count_towards_one_limit(
    synced: Any, make_person: Any, start: Start, storage: str
) -> None:
    person = make_person()
    url = REDIS_URL if storage == "redis" else ""  # empty: counted in PostgreSQL
    _cluster, a, b = start(LMS_RATELIMIT_STORAGE_URL=url)
    browser = Browser()
    # Password spraying from one address, half of it through each server.
    for number in range(LOGIN_LIMIT):
        server = (a, b)[number % 2]
        failed = browser.login(server, f"nobody{number}@example.com", "wrong guess")
        assert failed.status_code == 200
        assert "The e-mail address or password is wrong." in failed.text
    for server in (a, b):
        refused = browser.login(server, f"nobody-more@{server.name}.example", "x")
        assert refused.status_code == 429
        assert "Too many failed attempts." in refused.text
        assert int(refused.headers["Retry-After"]) > 0
    # The address waits on either server, even with the right password.
    assert browser.login(b, person.email, PASSWORD).status_code == 429


def test_an_attempt_moves_between_servers_and_logout_ends_it_everywhere(
    db: Session, make_person: Any, sync: Any, synced: Any, start: Start
) -> None:
    write_basics(sync, questions_per_page="2")  # three pages: 2, 2 and 1 questions
    learner = make_person()
    cluster, a, b = start()
    browser = Browser()
    assert browser.login(a, learner.email, PASSWORD).status_code == 302

    html = browser.page(a, "/courses/cse/quiz/basics")
    started = browser.post(a, "/courses/cse/quiz/basics/start", html=html)
    assert started.status_code == 302, cluster.logs()
    url = started.headers["Location"]
    public_id = url.rsplit("/", 1)[-1]

    answered: list[str] = []
    for page, server in ((1, b), (2, a), (3, b)):
        html = browser.page(server, f"{url}?page={page}")
        shown = re.findall(r'name="present" value="([^"]+)"', html)
        assert shown
        assert not set(shown) & set(answered)
        values = {
            key: value
            for key, value in RIGHT.items()
            if any(key == f"a-{q}" or key.startswith(f"a-{q}-") for q in shown)
        }
        db.rollback()
        form = {
            "present": shown,
            "action": "next",
            "page": str(page),
            "revision": page_revision(html),
            **page_values(db, public_id, values),
        }
        saved = browser.post(server, url, form, html=html)
        assert saved.status_code == 302, saved.text
        answered += shown
    assert len(answered) == 5

    html = browser.page(a, url + "/submit")
    assert "unanswered" not in html.lower()
    submitted = browser.post(
        a, url + "/submit", {"revision": page_revision(html)}, html=html
    )
    assert submitted.status_code == 302
    assert browser.get(b, url + "/result").status_code == 200
    db.rollback()
    attempt = db.scalar(select(Attempt).where(Attempt.public_id == public_id))
    assert attempt is not None
    assert len(attempt.answers) == 5
    assert attempt.max_points
    assert attempt.points == attempt.max_points
    assert attempt.percent == 100
    assert attempt.passed

    # A copy of the session cookie works on B until the learner logs out on A,
    # but not on a server whose LMS_SECRET_KEY differs (README "Deployment").
    copy = Browser(browser.cookies())
    assert copy.get(b, "/courses/cse/quiz/basics").status_code == 200
    odd = cluster.start_server("odd", LMS_SECRET_KEY=secrets.token_hex(32))
    cluster.wait_until_up(odd)
    assert copy.get(odd, "/courses/cse/quiz/basics").status_code == 302
    logout = browser.post(a, "/logout", html=browser.page(a, "/courses/cse"))
    assert logout.status_code == 302
    for server in (a, b):
        ended = copy.get(server, "/courses/cse/quiz/basics")
        assert ended.status_code == 302
        assert "/login" in ended.headers["Location"]
