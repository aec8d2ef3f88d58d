"""A set-password link dies when used, superseded, or the password changes (F5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update
from sqlalchemy.orm import Session

from lms.auth import services
from lms.db import get_database, utcnow
from lms.models import PasswordToken, Person
from tests.fixtures.people import PASSWORD

NEW_PASSWORD = "quiet river behind the mill"
OTHER_PASSWORD = "seven swans over the lake"


def _issue(app: Flask, person: Person) -> str:
    with get_database(app).sessionmaker() as session:
        token = services.issue_password_token(
            session, session.get(Person, person.id), utcnow()
        )
        session.commit()
    return token


def _use(client: Any, token: str, password: str = NEW_PASSWORD) -> Any:
    url = f"/set-password/{token}"
    return client.submit(url, {"password": password, "confirm": password}, page=url)


def _works(client: Any, token: str) -> bool:
    return client.get(f"/set-password/{token}").status_code == 200


def test_a_newer_link_ends_the_older_one(
    app: Flask, client: Any, make_person: Callable[..., Person]
) -> None:
    person = make_person(password=None)
    old = _issue(app, person)
    new = _issue(app, person)

    assert not _works(client, old)
    assert _use(client, old).status_code == 404
    assert _works(client, new)


def test_using_one_link_ends_every_other(
    app: Flask, client: Any, make_person: Callable[..., Person], db: Session
) -> None:
    person = make_person(password=None)
    first = _issue(app, person)
    second = _issue(app, person)
    # Two open links, as links issued before the newest-only rule may be.
    db.execute(update(PasswordToken).values(used_at=None))
    db.commit()
    assert _works(client, first)
    assert _works(client, second)

    assert _use(client, second).headers["Location"] == "/login"

    assert not _works(client, first)
    assert _use(client, first, OTHER_PASSWORD).status_code == 404
    db.rollback()
    assert services.authenticate(db, person.email, NEW_PASSWORD, utcnow())


@pytest.mark.parametrize("path", ["own page", "command line"])
def test_a_password_change_ends_open_links(
    app: Flask,
    client: Any,
    auth: Any,
    make_person: Callable[..., Person],
    path: str,
) -> None:
    person = make_person()
    token = _issue(app, person)
    assert _works(client, token)

    if path == "own page":
        auth.login(person)
        client.submit(
            "/account/password",
            {
                "current_password": PASSWORD,
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            page="/account/password",
        )
        auth.logout()
    else:
        with get_database(app).sessionmaker() as session:
            services.set_password(session, session.get(Person, person.id), NEW_PASSWORD)
            session.commit()

    assert not _works(client, token)
    assert _use(client, token, OTHER_PASSWORD).status_code == 404
