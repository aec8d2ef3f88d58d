"""Login sessions on the server: start, find, end one, end all, list the open ones."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import BindParameter

from lms.models import LoginSession, Person
from lms.models.person import new_session_key

# Browser and system names looked for in a User-Agent, first match wins.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def device_label(user_agent: str) -> str:
    """A short name for the device, such as "Firefox · Windows" (or "")."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


def _is_open(now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    return and_(
        LoginSession.ended_at.is_(None),
        LoginSession.expires_at > now,
        LoginSession.person_key == Person.session_key,
    )


def start_session(
    session: Session,
    person: Person,
    *,
    remember: bool,
    device: str,
    now: datetime,
    lifetime: timedelta,
) -> str:
    """Record a new login of ``person`` and return its key (shown only this once).

    The person's sessions that are no longer open are deleted on the way, so the
    table holds about one row per device in use.
    """
    session.execute(
        delete(LoginSession).where(
            LoginSession.person_id == person.id,
            or_(
                LoginSession.ended_at.is_not(None),
                LoginSession.expires_at <= now,
                LoginSession.person_key != person.session_key,
            ),
        )
    )
    key = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            person_id=person.id,
            key_hash=hash_key(key),
            person_key=person.session_key,
            remember=remember,
            device=device[:100],
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return key


# Every request runs this one statement: built once, with its values bound.
_FIND_LOGIN = (
    select(Person, LoginSession)
    .join(LoginSession, LoginSession.person_id == Person.id)
    .options(joinedload(Person.role_rows))
    .where(
        LoginSession.key_hash == bindparam("key_hash"),
        _is_open(bindparam("now", type_=LoginSession.expires_at.type)),
        Person.active,
    )
)


def find_login(
    session: Session, key: str, now: datetime
) -> tuple[Person, LoginSession] | None:
    """The active person and open session behind ``key``, in one query."""
    row = (
        session.execute(_FIND_LOGIN, {"key_hash": hash_key(key), "now": now})
        .unique()
        .one_or_none()
    )
    if row is None:
        return None
    return row[0], row[1]


def is_remembered(session: Session, key: str) -> bool:
    """Whether the session with this key was started with "keep me logged in"."""
    remember = session.scalar(
        select(LoginSession.remember).where(LoginSession.key_hash == hash_key(key))
    )
    return bool(remember)


def end_sessions(session: Session, keys: list[str], now: datetime) -> None:
    """End the sessions with these keys (logging out one browser)."""
    if not keys:
        return
    session.execute(
        update(LoginSession)
        .where(
            LoginSession.key_hash.in_([hash_key(key) for key in keys]),
            LoginSession.ended_at.is_(None),
        )
        .values(ended_at=now)
    )


def end_all_sessions(session: Session, person: Person, now: datetime) -> int:
    """End every session of the person, on every device; return how many were open."""
    ended = session.execute(
        update(LoginSession)
        .where(
            LoginSession.person_id == person.id,
            LoginSession.ended_at.is_(None),
            LoginSession.expires_at > now,
            LoginSession.person_key == person.session_key,
        )
        .values(ended_at=now)
    )
    # A new key also ends sessions a concurrent login is starting right now.
    person.session_key = new_session_key()
    session.flush()
    return int(getattr(ended, "rowcount", 0) or 0)


def open_sessions(
    session: Session, person: Person, now: datetime
) -> list[LoginSession]:
    """The person's open sessions, newest first."""
    statement = (
        select(LoginSession)
        .join(Person, Person.id == LoginSession.person_id)
        .where(LoginSession.person_id == person.id, _is_open(now))
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())
    )
    return list(session.scalars(statement))
