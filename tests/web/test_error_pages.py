"""The 500 page renders whatever failed, the database session included."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import pytest
from flask import Flask
from flask_login import current_user
from sqlalchemy import event

from lms.auth.access import public
from lms.db import after_commit, get_database, get_session
from lms.models import Person


@pytest.fixture
def real_errors(app: Flask) -> Flask:
    """The app as it runs in production: errors become the 500 page."""
    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_the_500_page_renders_after_the_session_failed(
    real_errors: Flask, client: Any, auth: Any
) -> None:
    """As a lesson page failed under load: a flush failed, the view read on."""

    def failed_flush() -> str:
        session = get_session()
        person: Person = current_user._get_current_object()
        person.email = None  # type: ignore[assignment]  # NOT NULL: the flush fails
        with suppress(Exception):  # the view goes on, as code under load did
            session.flush()
        return person.name  # PendingRollbackError

    real_errors.add_url_rule("/failed-flush", "failed_flush", failed_flush)
    auth.login(language="de")
    response = client.get("/failed-flush", headers={"Accept-Language": "de"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "<h1>Etwas ist schiefgelaufen</h1>" in html
    assert "Der Fehler wurde protokolliert." in html
    assert '<html lang="de">' in html
    assert 'class="site-footer"' in html  # the whole page, not an empty body
    assert "PendingRollbackError" not in html


def test_the_500_page_asks_nothing_of_the_database(
    real_errors: Flask, client: Any, auth: Any
) -> None:
    statements: list[str] = []
    failed = [False]

    def record(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if failed[0]:
            statements.append(statement)

    @public
    def broken() -> str:
        failed[0] = True
        raise RuntimeError("secret internals")

    real_errors.add_url_rule("/broken", "broken", broken)
    auth.login()  # logged in, but nothing has loaded the person yet
    engine = get_database(real_errors).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get("/broken", headers={"Accept-Language": "de"})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "<h1>Etwas ist schiefgelaufen</h1>" in html
    assert "secret internals" not in html
    assert statements == []


def test_a_failed_request_runs_no_after_commit_callback(
    real_errors: Flask, client: Any
) -> None:
    ran: list[str] = []

    @public
    def broken() -> str:
        after_commit(lambda: ran.append("callback"))
        raise RuntimeError("before anything was stored")

    real_errors.add_url_rule("/broken", "broken", broken)
    assert client.get("/broken").status_code == 500
    assert ran == []
