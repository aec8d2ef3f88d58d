"""Who sees a set-password link: shown once for a new account, else e-mailed (F4)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import PasswordToken, Person
from lms.people.links import Delivery, link_delivery
from tests.fixtures.people import PASSWORD
from tests.people.helpers import audit_entries, smtp_config, smtp_sink

TOKEN = re.compile(r"/set-password/([A-Za-z0-9_-]{20,})")
NEW_PASSWORD = "quiet river behind the mill"


def _tokens(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(PasswordToken)) or 0


@pytest.mark.parametrize(
    ("actor", "has_password", "mail", "expected"),
    [
        ({"hr"}, False, False, Delivery.SHOWN),
        ({"hr"}, False, True, Delivery.MAILED),  # the invitation
        ({"hr"}, True, True, Delivery.MAILED),
        ({"hr"}, True, False, None),
        ({"admin"}, True, True, Delivery.MAILED),
        ({"admin"}, True, False, Delivery.SHOWN),
        (None, True, False, Delivery.SHOWN),
    ],
)
def test_how_a_link_is_delivered(
    actor: set[str] | None, has_password: bool, mail: bool, expected: Delivery | None
) -> None:
    roles = frozenset(actor) if actor is not None else None
    assert link_delivery(roles, has_password, mail) is expected


def test_hr_never_sees_a_link_for_an_account_with_a_password(
    app: Flask,
    client: Any,
    make_client: Any,
    auth: Any,
    make_person: Callable[..., Person],
) -> None:
    hr = auth.login("hr")
    learner = make_person(name="Lea", language="de")
    with smtp_sink() as sink:
        app.config.update(smtp_config(sink))
        response = client.submit(f"/people/{learner.id}/password-link", page="/people/")
        html = client.get("/people/").get_data(as_text=True)

    assert response.status_code == 302
    assert "/set-password/" not in response.get_data(as_text=True)
    assert "/set-password/" not in html
    assert f"e-mailed to {learner.email}" in html
    [message] = sink.messages
    assert message["To"] == learner.email
    assert message["Content-Language"] == "de"
    token = TOKEN.search(message.get_content())
    assert token, message.get_content()
    [entry] = audit_entries(app, "people.password_link_mailed")
    assert (entry.actor_id, entry.target) == (hr.id, learner.email)
    assert audit_entries(app, "people.password_link") == []
    # The person, and only the person, can use it.
    owner = make_client()
    url = f"/set-password/{token.group(1)}"
    owner.submit(url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page=url)
    response = owner.submit(
        "/login", {"email": learner.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_without_mail_hr_gets_no_link_and_the_old_one_lives(
    app: Flask,
    client: Any,
    make_client: Any,
    auth: Any,
    make_person: Callable[..., Person],
    db: Session,
) -> None:
    learner = make_person()
    admin_browser = make_client()
    admin = make_person(roles=("admin",))
    admin_browser.submit("/login", {"email": admin.email, "password": PASSWORD})
    # An administrator without a mail server sees the link (and it is audited).
    html = admin_browser.submit(
        f"/people/{learner.id}/password-link", page="/people/"
    ).get_data(as_text=True)
    old = TOKEN.search(html)
    assert old, html
    [entry] = audit_entries(app, "people.password_link")
    assert json.loads(entry.details_json) == {
        "has_password": True,
        "person_id": learner.id,
    }
    auth.login("hr")
    tokens = _tokens(db)

    response = client.submit(f"/people/{learner.id}/password-link", page="/people/")

    assert response.status_code == 302
    html = client.get("/people/").get_data(as_text=True)
    assert "e-mail is not set up" in html
    assert "/set-password/" not in html
    assert _tokens(db) == tokens
    assert client.get(f"/set-password/{old.group(1)}").status_code == 200


def test_without_mail_a_new_account_link_is_shown_once_to_hr_and_audited(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    hr = auth.login("hr")
    newbie = make_person(password=None)
    response = client.submit(f"/people/{newbie.id}/password-link", page="/people/")

    assert TOKEN.search(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"
    [entry] = audit_entries(app, "people.password_link")
    assert (entry.actor_id, entry.target) == (hr.id, newbie.email)
    assert json.loads(entry.details_json) == {
        "person_id": newbie.id,
        "invitation": True,
    }


def test_a_refused_mail_issues_no_link(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person], db: Session
) -> None:
    auth.login("hr")
    learner = make_person()
    with smtp_sink() as sink:
        sink.refuse.add(learner.email)
        app.config.update(smtp_config(sink))
        response = client.submit(f"/people/{learner.id}/password-link", page="/people/")

    assert response.status_code == 302
    assert "No new link" in client.get("/people/").get_data(as_text=True)
    assert _tokens(db) == 0
    assert audit_entries(app, "people.password_link_mailed") == []
