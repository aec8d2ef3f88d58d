"""HR manages learners only; administrators manage everyone (review findings F4, F14).

Each refusal is checked where it matters: the POST gets 403 and nothing changes
in the database, and the pages do not offer what the viewer may not do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import AuditEntry, PasswordToken, Person
from tests.people.helpers import people

CHECKBOX = re.compile(
    r'type="checkbox"[^>]*value="(\w+)"|value="(\w+)"[^>]*type="checkbox"'
)


def _form(person: Person | None = None, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "email": person.email if person else "newbie@example.com",
        "name": person.name if person else "New Bie",
        "language": "en",
        "roles": sorted(person.roles) if person else ["learner"],
    }
    form.update(changes)
    return form


def _counts(db: Session) -> tuple[int, int]:
    db.rollback()
    tokens = db.scalar(select(func.count()).select_from(PasswordToken)) or 0
    entries = db.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return tokens, entries


def _checkboxes(html: str) -> list[str]:
    return sorted(a or b for a, b in CHECKBOX.findall(html))


@pytest.mark.parametrize("role", ["author", "hr", "admin"])
@pytest.mark.parametrize("action", ["password-link", "deactivate", "activate", "edit"])
def test_hr_cannot_act_on_an_account_with_another_role_than_learner(
    app: Flask,
    client: Any,
    auth: Any,
    make_person: Callable[..., Person],
    db: Session,
    role: str,
    action: str,
) -> None:
    auth.login("hr")
    target = make_person(
        roles=("learner", role), password=None, active=action != "activate"
    )
    before, counts = people(app), _counts(db)
    data = (
        _form(target, name="Taken Over", roles=["learner"]) if action == "edit" else {}
    )

    response = client.submit(f"/people/{target.id}/{action}", data, page="/people/")

    assert response.status_code == 403
    assert people(app) == before
    assert _counts(db) == counts
    if action == "edit":
        assert client.get(f"/people/{target.id}/edit").status_code == 403


def test_hr_manages_learners(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    auth.login("hr")
    learner = make_person(name="Lea Learner", password=None)

    response = client.submit("/people/new", _form(), page="/people/new")
    assert response.status_code == 200
    assert "/set-password/" in response.get_data(as_text=True)
    response = client.submit(
        f"/people/{learner.id}/edit",
        _form(learner, name="Lea Lernerin", language="de"),
        page=f"/people/{learner.id}/edit",
    )
    assert response.status_code == 302
    client.submit(f"/people/{learner.id}/deactivate", page="/people/")
    assert people(app)[learner.email].active is False
    client.submit(f"/people/{learner.id}/activate", page="/people/")
    assert people(app)[learner.email].active is True
    response = client.submit(f"/people/{learner.id}/password-link", page="/people/")
    assert "/set-password/" in response.get_data(as_text=True)

    stored = people(app)
    assert stored["newbie@example.com"].roles == {"learner"}
    assert (stored[learner.email].name, stored[learner.email].language) == (
        "Lea Lernerin",
        "de",
    )


@pytest.mark.parametrize("role", ["author", "hr", "admin"])
def test_hr_grants_no_role_but_learner(
    app: Flask,
    client: Any,
    auth: Any,
    make_person: Callable[..., Person],
    db: Session,
    role: str,
) -> None:
    hr = auth.login("hr")
    learner = make_person()
    before, counts = people(app), _counts(db)

    created = client.submit(
        "/people/new", _form(roles=["learner", role]), page="/people/new"
    )
    promoted = client.submit(
        f"/people/{learner.id}/edit",
        _form(learner, roles=["learner", role]),
        page=f"/people/{learner.id}/edit",
    )
    itself = client.submit(
        f"/people/{hr.id}/edit", _form(hr, roles=["hr", role]), page="/people/"
    )

    assert (created.status_code, promoted.status_code, itself.status_code) == (
        403,
        403,
        403,
    )
    assert people(app) == before
    assert _counts(db) == counts


def test_hr_sees_only_what_hr_can_do(
    client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    hr = auth.login("hr")
    admin = make_person(roles=("admin",))
    author = make_person(roles=("learner", "author"))
    learner = make_person()

    html = client.get("/people/").get_data(as_text=True)

    for person in (admin, author, hr):
        assert f"/people/{person.id}/deactivate" not in html
        assert f"/people/{person.id}/password-link" not in html
        assert f"/people/{person.id}/edit" not in html
    assert f"/people/{learner.id}/deactivate" in html
    assert f"/people/{learner.id}/password-link" in html
    assert f"/people/{learner.id}/edit" in html
    assert _checkboxes(client.get("/people/new").get_data(as_text=True)) == ["learner"]
    edit_page = client.get(f"/people/{learner.id}/edit").get_data(as_text=True)
    assert _checkboxes(edit_page) == ["learner"]


def test_administrators_see_and_grant_every_role(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    admin = auth.login("admin")
    other_admin = make_person(roles=("admin",))
    author = make_person(roles=("learner", "author"))

    html = client.get("/people/").get_data(as_text=True)
    assert f"/people/{other_admin.id}/deactivate" in html
    assert f"/people/{admin.id}/deactivate" not in html  # never oneself
    assert _checkboxes(client.get("/people/new").get_data(as_text=True)) == [
        "admin",
        "author",
        "hr",
        "learner",
    ]
    response = client.submit(
        f"/people/{author.id}/edit",
        _form(author, roles=["learner", "hr"]),
        page=f"/people/{author.id}/edit",
    )
    assert response.status_code == 302
    assert people(app)[author.email].roles == {"learner", "hr"}


def test_an_administrator_cannot_take_their_own_admin_role(
    app: Flask, client: Any, auth: Any
) -> None:
    admin = auth.login("admin")
    response = client.submit(
        f"/people/{admin.id}/edit",
        _form(admin, roles=["learner"]),
        page=f"/people/{admin.id}/edit",
    )
    assert "You cannot remove your own HR or administrator role." in (
        response.get_data(as_text=True)
    )
    assert people(app)[admin.email].roles == {"admin"}
