"""Every request's writes commit at most once, in one place: after the view
(lms.db), or for a page view (GET) in its write step."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from lms.db import get_database
from lms.models import Lesson, Module
from tests.quiz.attempts.helpers import page_revision

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def commits(app: Any) -> Iterator[list[int]]:
    """Counts COMMITs of transactions that wrote, on the app's engine (every
    session's); a GET's read-only transactions end with a COMMIT that stores
    nothing."""
    engine = get_database(app).engine
    counted = [0]

    def note(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if WRITE.match(statement):
            connection.info["wrote"] = True

    def count(connection: Any) -> None:
        if connection.info.pop("wrote", False):
            counted[0] += 1

    def forget(connection: Any) -> None:
        connection.info.pop("wrote", None)

    listeners = [
        ("before_cursor_execute", note),
        ("commit", count),
        ("rollback", forget),
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    yield counted
    for name, listener in listeners:
        event.remove(engine, name, listener)


def _once(commits: list[int], call: Any) -> Any:
    commits[0] = 0
    response = call()
    assert commits[0] <= 1, (response.request.method, response.request.path)
    return response


def test_gets_and_posts_commit_at_most_once(
    client: Any, auth: Any, db: Any, synced: Any, commits: list[int]
) -> None:
    module, lesson = db.execute(
        select(Module.slug, Lesson.slug).join(Lesson, Lesson.module_id == Module.id)
    ).first()
    db.rollback()
    token = client.csrf_token()
    learner = auth.make_person(roles=("learner",))
    # login: failed (writes the failure count), then successful
    for password in ("wrong-password", "correct horse battery staple"):
        _once(
            commits,
            lambda p=password: client.post(
                "/login",
                data={"email": learner.email, "password": p, "csrf_token": token},
            ),
        )
    token = client.csrf_token("/courses/cse")
    lesson_url = f"/courses/cse/{module}/{lesson}"
    for url in ("/", "/courses/cse", lesson_url, "/courses/cse/quiz/basics", "/nope"):
        _once(commits, lambda u=url: client.get(u))
    _once(
        commits,
        lambda: client.post(f"{lesson_url}/complete", data={"csrf_token": token}),
    )
    started = _once(
        commits,
        lambda: client.post(
            "/courses/cse/quiz/basics/start", data={"csrf_token": token}
        ),
    )
    attempt_url = started.headers["Location"]
    page = _once(commits, lambda: client.get(attempt_url)).get_data(as_text=True)
    saved = {"csrf_token": token, "action": "save", "revision": page_revision(page)}
    assert (
        _once(commits, lambda: client.post(attempt_url, data=saved)).status_code == 302
    )
    page = client.get(f"{attempt_url}/submit").get_data(as_text=True)
    submitted = {"csrf_token": token, "revision": page_revision(page)}
    response = _once(
        commits, lambda: client.post(f"{attempt_url}/submit", data=submitted)
    )
    assert response.headers["Location"] == f"{attempt_url}/result"
    _once(commits, lambda: client.post("/courses/cse/certificate", data={}))
    _once(
        commits,
        lambda: client.post(
            "/language", data={"csrf_token": token, "language": "de", "next": "/"}
        ),
    )


def test_hr_pages_commit_at_most_once(
    client: Any, auth: Any, synced: Any, commits: list[int]
) -> None:
    auth.login("admin")
    for url in ("/hr/", "/hr/matrix", "/hr/exports/matrix?format=csv"):
        response = _once(commits, lambda u=url: client.get(u))
        assert response.status_code == 200, url
        response.close()
