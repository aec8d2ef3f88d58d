"""The database under ordinary mixed load: page views that write beside autosaves.

Real threads, each with its own test client (its own browser), against one
app and one real database (a SQLite file or PostgreSQL), as a server's workers
would run them. Nothing is mocked; the only change is that every lesson view
counts as a return visit, so every one of them writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, abort, request
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.auth.access import public
from lms.auth.sessions import start_session
from lms.catalog import services as catalog
from lms.db import ReadOnlyTransaction, get_database, get_session, utcnow, write_step
from lms.models import AttemptAnswer, AuditEntry, LessonProgress, Person
from lms.quiz import attempts as quiz
from tests.fixtures.app import CSRF_INPUT
from tests.quiz.attempts.helpers import page_revision, page_values

LESSONS = (
    "/courses/cse/basics/welcome",
    "/courses/cse/basics/phone",
    "/courses/cse/advanced/complaints",
)
READERS = 6  # people, each reading in two tabs at once
READ_ROUNDS = 3
WRITERS = 10
SAVES = 8


def logged_in(app: Flask, make_client: Callable[[], Any], person: Person) -> Any:
    """A browser of ``person``: a login session and the cookie the login form sets."""
    session: Session = get_database(app).sessionmaker()
    try:
        stored = session.get(Person, person.id)
        assert stored is not None
        key = start_session(
            session,
            stored,
            remember=True,  # no idle clock to set in the cookie
            device="test",
            now=utcnow(),
            lifetime=timedelta(days=1),
        )
        session.commit()
    finally:
        session.close()
    browser = make_client()
    with browser.session_transaction() as cookie:
        cookie["_user_id"] = key
        cookie["_fresh"] = True
    return browser


def started_attempt(app: Flask, person_id: int) -> str:
    session: Session = get_database(app).sessionmaker()
    try:
        person = session.get(Person, person_id)
        assert person is not None
        attempt = quiz.start_attempt(session, person, "cse", "basics", utcnow())
        session.commit()
        return attempt.public_id
    finally:
        session.close()


def answers(app: Flask, public_id: str, choice: str) -> dict[str, list[str]]:
    session: Session = get_database(app).sessionmaker()
    try:
        values = {"a-q-basics-greeting": [choice], "a-q-basics-angry": [choice]}
        return page_values(session, public_id, values)
    finally:
        session.close()


def test_lesson_views_and_autosaves_at_once_all_succeed(
    app: Flask,
    synced: Any,
    make_person: Callable[..., Person],
    make_client: Callable[[], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Users see the real 500 page, not the test client's re-raised exception.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(catalog, "VIEW_RECORD_INTERVAL", timedelta(0))
    readers = [make_person(password=None) for _ in range(READERS)]
    writers = [make_person(password=None) for _ in range(WRITERS)]
    jobs: list[Callable[[], None]] = []
    failures: list[str] = []
    done: list[str] = []
    start = threading.Barrier(2 * READERS + WRITERS)

    def request(browser: Any, method: str, url: str, **kw: Any) -> Any:
        reply = None
        try:
            response = getattr(browser, method)(url, **kw)
            status = response.status_code
        except Exception as error:  # reported below: users would see a 500
            status, error_text = 500, repr(error)
        else:
            error_text = response.get_data(as_text=True)
            error_text = error_text[error_text.find("<h1>") :][:120]
            if response.is_json:
                reply = response.get_json()
        (done if status < 400 else failures).append(
            f"{method} {url} {status} {error_text[:300]}"
        )
        if status >= 500 and not error_text.strip():
            failures.append(f"{method} {url}: the 500 page itself failed")
        return reply

    for person in readers:
        for _tab in range(2):
            browser = logged_in(app, make_client, person)

            def read(browser: Any = browser) -> None:
                start.wait()
                for _round in range(READ_ROUNDS):
                    for url in LESSONS:
                        request(browser, "get", url)

            jobs.append(read)
    for person in writers:
        browser = logged_in(app, make_client, person)
        public_id = started_attempt(app, person.id)
        url = f"/attempts/{public_id}"
        page = browser.get(url).get_data(as_text=True)
        token = CSRF_INPUT.search(page).group(1)  # type: ignore[union-attr]
        first_revision = page_revision(page)
        forms = [answers(app, public_id, choice) for choice in ("c1", "c2")]

        def write(
            browser: Any = browser,
            url: str = url,
            token: str = token,
            forms: list[dict[str, list[str]]] = forms,
            revision: str = first_revision,
        ) -> None:
            start.wait()
            for number in range(SAVES):
                data = {
                    "csrf_token": token,
                    "revision": revision,
                    "present": ["q-basics-greeting", "q-basics-angry"],
                    **forms[number % 2],
                }
                headers = {"Accept": "application/json"}
                reply = request(browser, "post", url, data=data, headers=headers)
                if reply:  # the next save sends the revision this one returned
                    revision = str(reply["revision"])

        jobs.append(write)

    threads = [threading.Thread(target=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    assert failures == []
    assert len(done) == 2 * READERS * READ_ROUNDS * len(LESSONS) + WRITERS * SAVES
    check: Session = get_database(app).sessionmaker()
    try:
        views = check.scalar(
            select(func.count())
            .select_from(LessonProgress)
            .where(LessonProgress.person_id.in_([p.id for p in readers]))
        )
        assert views == READERS * len(LESSONS)
        saved = check.scalar(select(func.count()).select_from(AttemptAnswer))
        assert saved == 2 * WRITERS
    finally:
        check.close()


def _write_outside_a_step() -> str:
    audit(get_session(), None, "test.page_view", "x", now=utcnow())
    get_session().flush()
    return "written"


def _update_outside_a_step() -> str:
    get_session().execute(update(Person).values(name="Changed by a GET"))
    return "written"


def _write_in_a_step() -> str:
    session = get_session()
    with write_step(session):
        audit(session, None, "test.page_view", "x", now=utcnow())
    if request.method == "POST":
        abort(400)  # an error response: a POST's writes are rolled back
    return "written"


@pytest.mark.parametrize("view", [_write_outside_a_step, _update_outside_a_step])
def test_a_page_view_that_writes_outside_a_write_step_fails_in_tests(
    app: Flask, client: Any, view: Callable[[], str]
) -> None:
    app.add_url_rule("/writes", "writes_on_get", public(view))
    with pytest.raises(ReadOnlyTransaction, match="GET writes_on_get wrote"):
        client.get("/writes")


def test_a_write_step_stores_a_page_views_write_and_joins_a_posts(
    app: Flask, client: Any
) -> None:
    app.add_url_rule(
        "/writes", "writes", public(_write_in_a_step), methods=["GET", "POST"]
    )
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get("/writes").get_data(as_text=True) == "written"
    assert client.post("/writes").status_code == 400
    check: Session = get_database(app).sessionmaker()
    try:
        actions = check.scalars(select(AuditEntry.action)).all()
    finally:
        check.close()
    assert actions == ["test.page_view"]  # the GET's, not the refused POST's
