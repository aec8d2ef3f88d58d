"""Every people action writes an audit entry, and the audit page names it (F4)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from lms.db import utcnow
from lms.models import AuditEntry, Person
from lms.people.importing import import_people, read_upload
from tests.people.helpers import audit_entries, csv_file

NEW_PASSWORD = "quiet river behind the mill"
LINK = re.compile(r'value="http://lms.test(/set-password/[^"]+)"')


def _details(entry: AuditEntry) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(entry.details_json)
    return value


def _people_entries(app: Flask) -> list[tuple[str, int | None, str, dict[str, Any]]]:
    return [
        (entry.action, entry.actor_id, entry.target, _details(entry))
        for entry in audit_entries(app)
        if entry.action.startswith("people.")
    ]


def test_each_people_action_is_audited_with_its_target(
    app: Flask,
    client: Any,
    make_client: Any,
    auth: Any,
    make_person: Callable[..., Person],
) -> None:
    admin = auth.login("admin")
    response = client.submit(
        "/people/new",
        {
            "email": "newbie@example.com",
            "name": "New Bie",
            "language": "en",
            "roles": ["learner", "author"],
        },
        page="/people/new",
    )
    link = LINK.search(response.get_data(as_text=True))
    assert link
    newbie = "newbie@example.com"
    [created] = audit_entries(app, "people.create")
    newbie_id = _details(created)["person_id"]
    client.submit(
        f"/people/{newbie_id}/edit",
        {"email": newbie, "name": "Newbie Bee", "language": "de", "roles": ["hr"]},
        page=f"/people/{newbie_id}/edit",
    )
    client.submit(f"/people/{newbie_id}/deactivate", page="/people/")
    client.submit(f"/people/{newbie_id}/activate", page="/people/")
    browser = make_client()
    browser.submit(
        link.group(1),
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        page=link.group(1),
    )

    person = {"person_id": newbie_id}
    assert _people_entries(app) == [
        ("people.create", admin.id, newbie, {**person, "roles": ["author", "learner"]}),
        ("people.password_link", admin.id, newbie, {**person, "invitation": True}),
        ("people.edit", admin.id, newbie, {**person, "fields": ["name", "language"]}),
        (
            "people.roles",
            admin.id,
            newbie,
            {**person, "old": ["author", "learner"], "new": ["hr"]},
        ),
        ("people.deactivate", admin.id, newbie, person),
        ("people.reactivate", admin.id, newbie, person),
        ("people.password_set", newbie_id, newbie, person),
    ]


def test_an_edit_that_changes_nothing_writes_nothing(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    auth.login("hr")
    learner = make_person()
    response = client.submit(
        f"/people/{learner.id}/edit",
        {"email": learner.email, "name": learner.name, "language": "en"},
        page=f"/people/{learner.id}/edit",
    )
    assert response.status_code == 302
    assert _people_entries(app) == []


def test_changes_by_import_are_audited_per_person(
    app: Flask, db: Session, make_person: Callable[..., Person]
) -> None:
    admin = make_person(roles=("admin",))
    author = make_person(email="a@example.com", name="A", roles=("author",))
    learner = make_person(email="b@example.com", name="B")
    upload = read_upload(
        csv_file(
            "email,name,roles,active",
            "a@example.com,Anna,learner,yes",
            "b@example.com,B,learner,no",
        ),
        "people.csv",
    )
    actor = db.get(Person, admin.id)
    import_people(
        db, actor, upload.rows, utcnow(), dry_run=False, columns=upload.columns
    )
    db.commit()

    entries = [e for e in _people_entries(app) if e[0] != "people.import"]
    assert entries == [
        (
            "people.roles",
            admin.id,
            "a@example.com",
            {"person_id": author.id, "old": ["author"], "new": ["learner"]},
        ),
        (
            "people.edit",
            admin.id,
            "a@example.com",
            {"person_id": author.id, "fields": ["name"]},
        ),
        ("people.deactivate", admin.id, "b@example.com", {"person_id": learner.id}),
    ]


def test_the_audit_page_names_people_actions_in_the_viewers_language(
    client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    auth.login("hr", language="de")
    learner = make_person()
    client.submit(f"/people/{learner.id}/deactivate", page="/people/")

    html = client.get("/audit").get_data(as_text=True)

    assert "Konto deaktiviert" in html
    assert '<option value="people.deactivate">Konto deaktiviert</option>' in html
