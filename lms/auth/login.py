"""Flask-Login wiring: the person behind a session, the idle timeout, log in and out.

Flask-Login's user id is the key of a login session (``lms.auth.sessions``), so
ending that session on the server logs out every copy of the browser's cookies.
Idle time is tracked in the signed session cookie, not in the database: a GET
request never writes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, current_app, flash, g, redirect, request, session
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_login.config import COOKIE_NAME
from flask_login.utils import decode_cookie, login_url
from werkzeug.wrappers import Response

from lms.auth import sessions
from lms.db import get_session, utcnow
from lms.extensions import login_manager
from lms.models import Person

# When this browser last showed activity (seconds since the epoch).
SEEN = "_lms_seen"
# How often SEEN is rewritten at most; the idle timeout is this coarse.
SEEN_REFRESH = timedelta(minutes=5)
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", SEEN)


def now() -> datetime:
    """The clock of login sessions; tests replace it."""
    return utcnow()


def idle_timeout() -> timedelta:
    return timedelta(hours=current_app.config["LMS_SESSION_IDLE_HOURS"])


def remember_lifetime() -> timedelta:
    lifetime: timedelta = current_app.config["REMEMBER_COOKIE_DURATION"]
    return lifetime


def load_person(key: str) -> Person | None:
    # Runs on every request: one query, roles joined in, no write.
    moment = now()
    found = sessions.find_login(get_session(), key, moment)
    if found is None:
        return None
    person, login = found
    # "Keep me logged in" sessions last until they expire; the others end
    # after the idle timeout.
    if not login.remember and _is_idle(moment):
        g.lms_idle_logout = True
        for name in _LOGIN_KEYS:
            session.pop(name, None)
        return None
    _mark_seen(moment)
    person.use_login(key)
    return person


def _is_idle(moment: datetime) -> bool:
    seen = session.get(SEEN)
    if not isinstance(seen, int):
        return True
    return moment.timestamp() - seen > idle_timeout().total_seconds()


def _mark_seen(moment: datetime) -> None:
    seen = session.get(SEEN)
    refresh = min(SEEN_REFRESH, idle_timeout() / 4).total_seconds()
    if not isinstance(seen, int) or moment.timestamp() - seen >= refresh:
        session[SEEN] = int(moment.timestamp())


def _browser_keys() -> list[str]:
    """The login keys this browser holds: in its session and its remember cookie."""
    keys = []
    if isinstance(session.get("_user_id"), str):
        keys.append(session["_user_id"])
    cookie = request.cookies.get(_remember_cookie_name())
    remembered = decode_cookie(cookie) if cookie else None
    if remembered:
        keys.append(remembered)
    return keys


def _remember_cookie_name() -> str:
    name: str = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    return name


def log_in(person: Person, *, remember: bool) -> None:
    """Start a new login session for this browser, in a fresh Flask session.

    The browser's earlier login ends, and a remember cookie it no longer wants
    is deleted.
    """
    moment = now()
    db = get_session()
    sessions.end_sessions(db, _browser_keys(), moment)
    had_remember_cookie = _remember_cookie_name() in request.cookies
    session.clear()  # a fresh session: no fixation across the login
    key = sessions.start_session(
        db,
        person,
        remember=remember,
        device=sessions.device_label(request.user_agent.string or ""),
        now=moment,
        lifetime=remember_lifetime(),
    )
    person.use_login(key)
    login_user(person, remember=remember)
    session[SEEN] = int(moment.timestamp())
    if not remember and had_remember_cookie:
        session["_remember"] = "clear"


def log_out() -> None:
    """End this browser's login session on the server and delete its cookies."""
    sessions.end_sessions(get_session(), _browser_keys(), now())
    session.clear()
    # After clear(): logout_user leaves the instruction to delete the remember
    # cookie in the session, which clear() would wipe.
    logout_user()


def _unauthorized() -> Response:
    if g.pop("lms_idle_logout", False):
        message = _(
            "You were logged out after %(duration)s without activity.",
            duration=format_timedelta(idle_timeout(), threshold=1),
        )
    else:
        message = str(login_manager.login_message)
    flash(message, login_manager.login_message_category)
    return redirect(login_url("auth.login", next_url=request.url))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_person)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
