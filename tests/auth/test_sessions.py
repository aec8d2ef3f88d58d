"""Sessions end when the password changes or the account is deactivated."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lms.auth import passwords, services
from lms.models import Person
from tests.fixtures.people import PASSWORD

NEW_PASSWORD = "a completely different phrase"


def test_changing_password_ends_other_sessions_but_keeps_this_one(
    client: Any, make_client: Any, make_person: Any
) -> None:
    person = make_person()
    other = make_client()
    for browser in (client, other):
        browser.submit(
            "/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
        )
    response = client.submit(
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
        page="/account/password",
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302  # even with its remember-me cookie


def test_change_password_rejects_wrong_current_password(client: Any, auth: Any) -> None:
    auth.login()
    response = client.submit(
        "/account/password",
        {
            "current_password": "not my password",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
        page="/account/password",
    )
    assert response.status_code == 200
    assert "The current password is wrong." in response.get_data(as_text=True)


def test_deactivation_ends_existing_sessions(
    client: Any, make_person: Any, db: Any
) -> None:
    person = make_person()
    client.submit(
        "/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    assert client.get("/").status_code == 200
    services.deactivate_person(db, db.get(Person, person.id))
    db.commit()
    assert client.get("/").status_code == 302


def test_first_admin_must_change_one_time_password(client: Any, db: Any) -> None:
    created = services.ensure_first_admin(db, "boss@example.com")
    db.commit()
    assert created is not None
    response = client.submit(
        "/login", {"email": created.email, "password": created.password}
    )
    assert response.headers["Location"] == "/account/password"
    assert client.get("/people/").headers["Location"] == "/account/password"
    client.submit(
        "/account/password",
        {
            "current_password": created.password,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
        page="/account/password",
    )
    assert client.get("/people/").status_code == 200


def test_ensure_first_admin_runs_once(db: Any) -> None:
    assert services.ensure_first_admin(db, "boss@example.com") is not None
    db.commit()
    assert services.ensure_first_admin(db, "boss@example.com") is None
    assert services.ensure_first_admin(db, "other@example.com") is None


def test_outdated_argon2_hash_is_upgraded_at_login(
    client: Any, make_person: Any, db: Any
) -> None:
    from argon2 import PasswordHasher

    person = make_person()
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    stored = db.get(Person, person.id)
    stored.password_hash = weak
    db.commit()
    assert passwords.needs_rehash(weak)
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    db.rollback()
    upgraded = db.scalar(select(Person.password_hash).where(Person.id == person.id))
    assert upgraded != weak
    assert not passwords.needs_rehash(upgraded)
