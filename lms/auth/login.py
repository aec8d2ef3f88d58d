"""Flask-Login wiring: loading the person behind a session."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.db import get_session
from lms.extensions import login_manager
from lms.models import Person


def load_person(session_key: str) -> Person | None:
    # Runs on every request: one query, roles joined in.
    statement = (
        select(Person)
        .options(joinedload(Person.role_rows))
        .where(Person.session_key == session_key, Person.active)
    )
    return get_session().execute(statement).unique().scalar_one_or_none()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_person)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
