"""Admins and HR create accounts; new people set their password through a link."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lms.auth import services
from lms.db import utcnow
from lms.models import Person

NEW_PASSWORD = "quiet river behind the mill"


def _create(client: Any, **data: Any) -> Any:
    form = {
        "email": "newbie@example.com",
        "name": "New Bie",
        "language": "de",
        "roles": ["learner"],
    }
    form.update(data)
    return client.submit("/people/new", form, page="/people/new")


def test_admin_creates_person_who_sets_password_and_logs_in(
    client: Any, make_client: Any, auth: Any
) -> None:
    auth.login("admin")
    response = _create(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    link = re.search(r'value="http://lms.test(/set-password/[^"]+)"', html)
    assert link, html
    newbie = make_client()
    page = newbie.get(link.group(1))
    assert "New Bie" in page.get_data(as_text=True)
    response = newbie.submit(
        link.group(1),
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        page=link.group(1),
    )
    assert response.headers["Location"] == "/login"
    # The link works once.
    assert newbie.get(link.group(1)).status_code == 404
    newbie.submit("/login", {"email": "newbie@example.com", "password": NEW_PASSWORD})
    assert "Meine Kurse" in newbie.get("/").get_data(as_text=True)


def test_form_errors_name_the_field(client: Any, auth: Any, make_person: Any) -> None:
    auth.login("hr")
    make_person(email="taken@example.com")
    html = _create(client, email="taken@example.com").get_data(as_text=True)
    assert "There is already an account for taken@example.com." in html
    html = _create(client, email="nope").get_data(as_text=True)
    assert "An e-mail address needs an @ sign" in html
    html = _create(client, email="anna@").get_data(as_text=True)
    assert "The domain after the @ sign is missing." in html


def test_people_on_internal_domains_can_be_added(
    client: Any, auth: Any, db: Any
) -> None:
    auth.login("hr")
    html = _create(client, email="Anna@Firma.LOCAL").get_data(as_text=True)
    assert "anna@firma.local" in html
    assert db.scalar(select(Person).where(Person.email == "anna@firma.local"))


def test_hr_cannot_create_or_touch_administrators(
    client: Any, auth: Any, make_person: Any, db: Any
) -> None:
    auth.login("hr")
    assert _create(client, roles=["admin"]).status_code == 403
    assert db.scalar(select(Person).where(Person.email == "newbie@example.com")) is None
    admin = make_person(roles=("admin",))
    assert (
        client.submit(f"/people/{admin.id}/deactivate", page="/people/").status_code
        == 403
    )
    assert (
        client.submit(f"/people/{admin.id}/password-link", page="/people/").status_code
        == 403
    )


def test_names_are_escaped(client: Any, auth: Any, make_person: Any) -> None:
    auth.login("admin")
    make_person(name="<script>alert(1)</script>")
    html = client.get("/people/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_deactivate_and_activate(
    client: Any, auth: Any, make_person: Any, db: Any
) -> None:
    auth.login("admin")
    person = make_person()
    client.submit(f"/people/{person.id}/deactivate", page="/people/")
    assert db.get(Person, person.id).active is False
    db.rollback()
    client.submit(f"/people/{person.id}/activate", page="/people/")
    assert db.get(Person, person.id).active is True


def test_expired_link_is_refused(client: Any, make_person: Any, db: Any) -> None:
    person = db.get(Person, make_person(password=None).id)
    token = services.issue_password_token(db, person, utcnow() - timedelta(days=8))
    db.commit()
    response = client.get(f"/set-password/{token}")
    assert response.status_code == 404
    assert "expired" in response.get_data(as_text=True)


def test_weak_password_on_link_page_is_explained(
    client: Any, make_person: Any, db: Any
) -> None:
    person = db.get(Person, make_person(password=None).id)
    token = services.issue_password_token(db, person, utcnow())
    db.commit()
    url = f"/set-password/{token}"
    response = client.submit(url, {"password": "short", "confirm": "short"}, page=url)
    assert "Use at least 12 characters." in response.get_data(as_text=True)
