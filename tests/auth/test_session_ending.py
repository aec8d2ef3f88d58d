"""Sessions end on the server: logout, copied cookies, idle time, lifetime."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from sqlalchemy import event, select

from lms.auth import login as login_module
from lms.auth.sessions import hash_key
from lms.db import get_database, utcnow
from lms.models import AuditEntry, LoginSession
from tests.fixtures.people import PASSWORD

COOKIES = ("session", "remember_token")


def log_in(browser: Any, email: str, *, remember: bool = False) -> None:
    form = {"email": email, "password": PASSWORD}
    if remember:
        form["remember"] = "y"
    assert browser.submit("/login", form).status_code == 302


def copy_cookies(source: Any, target: Any, names: tuple[str, ...]) -> None:
    """What someone who stole this browser's cookies would send."""
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value)


def is_logged_in(browser: Any) -> bool:
    response = browser.get("/learning")  # "/" sends staff on to their start page
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    return False


class Clock:
    """The login sessions' clock, moved forward by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.start = utcnow()
        self.offset = timedelta()
        monkeypatch.setattr(login_module, "now", self.now)

    def now(self) -> datetime:
        return self.start + self.offset

    def advance(self, **kwargs: float) -> None:
        self.offset += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def test_logout_with_keep_me_logged_in_stays_logged_out(
    client: Any, make_person: Any
) -> None:
    person = make_person()
    log_in(client, person.email, remember=True)
    assert is_logged_in(client)
    response = client.submit("/logout", page="/")
    assert response.headers["Location"] == "/login"
    assert client.get_cookie("remember_token") is None
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    "stolen", [("session",), ("remember_token",), COOKIES], ids="+".join
)
def test_cookies_copied_before_logout_are_refused_after_it(
    client: Any, make_client: Any, make_person: Any, stolen: tuple[str, ...]
) -> None:
    person = make_person()
    log_in(client, person.email, remember=True)
    thief = make_client()
    copy_cookies(client, thief, stolen)
    assert is_logged_in(thief)
    client.submit("/logout", page="/")
    assert not is_logged_in(thief)


def test_only_a_hash_of_the_session_key_is_stored(
    client: Any, make_person: Any, db: Any
) -> None:
    person = make_person()
    log_in(client, person.email)
    with client.session_transaction() as session:
        key = session["_user_id"]
    stored = db.scalars(select(LoginSession.key_hash)).all()
    assert stored == [hash_key(key)]
    assert key not in stored
    assert key != person.session_key


def test_idle_session_ends_with_a_message(
    client: Any, make_person: Any, clock: Clock
) -> None:
    person = make_person()
    log_in(client, person.email)
    clock.advance(hours=7)
    assert is_logged_in(client)  # activity moves the idle deadline on
    clock.advance(hours=7)
    assert is_logged_in(client)
    clock.advance(hours=8, minutes=10)
    response = client.get("/certificates", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You were logged out after 8 hours without activity." in page
    assert "Please log in to see this page." not in page
    clock.advance(minutes=1)
    assert not is_logged_in(client)


def test_idle_timeout_is_a_setting(
    app: Any, client: Any, make_person: Any, clock: Clock
) -> None:
    app.config["LMS_SESSION_IDLE_HOURS"] = 0.5
    person = make_person()
    log_in(client, person.email)
    clock.advance(minutes=20)
    assert is_logged_in(client)
    clock.advance(minutes=40)
    response = client.get("/", follow_redirects=True)
    assert "You were logged out after 30 minutes without activity." in (
        response.get_data(as_text=True)
    )


def test_a_copied_session_cookie_goes_idle_too(
    client: Any, make_client: Any, make_person: Any, clock: Clock
) -> None:
    person = make_person()
    log_in(client, person.email)
    clock.advance(hours=9)
    thief = make_client()
    copy_cookies(client, thief, ("session",))
    assert not is_logged_in(thief)


def test_kept_logged_in_outlasts_idle_time_but_not_its_lifetime(
    client: Any, make_client: Any, make_person: Any, clock: Clock
) -> None:
    person = make_person()
    log_in(client, person.email, remember=True)
    clock.advance(days=2)  # a weekend away: "keep me logged in" is for that
    assert is_logged_in(client)
    copy = make_client()
    copy_cookies(client, copy, ("remember_token",))
    clock.advance(days=28, hours=1)  # 30 days after the login
    # The browser still sends the cookie; the server ends the session anyway.
    assert client.get_cookie("remember_token") is not None
    assert not is_logged_in(client)
    assert not is_logged_in(copy)


def test_remember_lifetime_is_a_setting(
    app: Any, client: Any, make_person: Any, clock: Clock
) -> None:
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=3)
    person = make_person()
    response = client.submit(
        "/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    cookie = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith("remember_token=")
    )
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert abs(expires - utcnow() - timedelta(days=3)) < timedelta(minutes=5)
    clock.advance(days=2, hours=23)
    assert is_logged_in(client)
    clock.advance(hours=2)
    assert not is_logged_in(client)


def test_log_out_everywhere_ends_every_session(
    client: Any, make_client: Any, make_person: Any
) -> None:
    person = make_person()
    phone = make_client()
    log_in(phone, person.email, remember=True)
    log_in(client, person.email)
    page = client.get("/account/password").get_data(as_text=True)
    assert page.count("this session") == 1
    assert "kept logged in until" in page  # the phone
    response = client.submit("/account/sessions/end", page="/account/password")
    assert response.headers["Location"] == "/login"
    assert not is_logged_in(client)
    assert not is_logged_in(phone)
    log_in(phone, person.email)  # logging in again works
    assert is_logged_in(phone)


def test_admin_ends_all_sessions_of_a_person(
    client: Any, make_client: Any, make_person: Any, auth: Any, db: Any
) -> None:
    learner = make_person(name="Lea Learner")
    laptop, phone = make_client(), make_client()
    log_in(laptop, learner.email)
    log_in(phone, learner.email, remember=True)
    admin = auth.login("admin")
    people = client.get("/people/").get_data(as_text=True)
    assert f"/people/{learner.id}/end-sessions" in people
    response = client.submit(f"/people/{learner.id}/end-sessions", page="/people/")
    assert response.status_code == 302
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert is_logged_in(client)  # the admin's own session goes on
    entry = db.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.target) == (
        admin.id,
        "people.end_sessions",
        learner.email,
    )
    assert '"ended": 2' in entry.details_json


def test_hr_cannot_end_sessions_of_others(
    client: Any, make_client: Any, make_person: Any, auth: Any
) -> None:
    learner = make_person()
    laptop = make_client()
    log_in(laptop, learner.email)
    auth.login("hr")
    response = client.submit(f"/people/{learner.id}/end-sessions", page="/people/")
    assert response.status_code == 403
    assert is_logged_in(laptop)


def test_password_change_keeps_this_browser_kept_logged_in(
    client: Any, make_client: Any, make_person: Any
) -> None:
    person = make_person()
    log_in(client, person.email, remember=True)
    old_cookie = make_client()
    copy_cookies(client, old_cookie, COOKIES)
    new_password = "a completely different phrase"
    client.submit(
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": new_password,
            "confirm": new_password,
        },
        page="/account/password",
    )
    assert is_logged_in(client)
    assert not is_logged_in(old_cookie)  # the same browser's old cookies
    # The new remember cookie alone (a browser restart) still logs in.
    restarted = make_client()
    copy_cookies(client, restarted, ("remember_token",))
    assert is_logged_in(restarted)


def test_requests_that_only_read_write_nothing(
    app: Any, client: Any, make_client: Any, make_person: Any, clock: Clock
) -> None:
    person = make_person()
    log_in(client, person.email)
    kept = make_client()
    log_in(kept, person.email, remember=True)
    restarted = make_client()
    copy_cookies(kept, restarted, ("remember_token",))
    writes: list[str] = []

    def record(*args: Any) -> None:
        statement = str(args[2]).lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    engine = get_database(app).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert is_logged_in(client)
        assert is_logged_in(restarted)  # through the remember cookie
        clock.advance(minutes=30)
        assert is_logged_in(client)  # refreshes the idle mark in the cookie
        clock.advance(hours=9)
        assert not is_logged_in(client)  # idle
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert writes == []
