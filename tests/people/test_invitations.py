"""Invitation e-mails for new people, through a real local SMTP server (issue 17).

Adding a person or importing people mails each one an invitation in their
language with the site's name, the HR contact and a working set-password link;
the People page shows who was invited and resends; without a mail server the
links come as one CSV file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lms.db import get_database
from lms.models import Department, Person
from tests.people.helpers import (
    HEADER,
    SmtpSink,
    audit_entries,
    csv_file,
    smtp_config,
    smtp_sink,
)
from tests.people.test_import_pages import payload_of, upload

LINK = re.compile(r"http://lms\.test(/set-password/[A-Za-z0-9_-]{20,})")
NEW_PASSWORD = "quiet river behind the mill"
HR_CONTACT = "people-team@example.com"


@pytest.fixture
def sink(app: Flask) -> Iterator[SmtpSink]:
    with smtp_sink() as server:
        app.config.update(smtp_config(server, LMS_HR_CONTACT=HR_CONTACT))
        yield server


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _add(client: Any, **fields: Any) -> Any:
    form = {"language": "en", "roles": ["learner"], **fields}
    return client.submit("/people/new", form, page="/people/new")


def _person(app: Flask, email: str) -> Person | None:
    with get_database(app).sessionmaker() as session:
        person = session.scalar(select(Person).where(Person.email == email))
        if person is not None:
            session.expunge(person)
        return person


def _found(app: Flask, email: str) -> Person:
    person = _person(app, email)
    assert person is not None
    return person


def _set_password_and_log_in(make_client: Any, path: str, email: str) -> None:
    browser = make_client()
    page = browser.get(path)
    assert page.status_code == 200
    done = browser.submit(
        path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page=path
    )
    assert done.status_code == 302
    login = browser.submit("/login", {"email": email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert "/login" not in login.headers["Location"]


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "contact"),
    [
        ("en", "Your invitation to Learning", "Hello Eve Example", "Write to your HR"),
        ("de", "Ihre Einladung zu Lernen", "Guten Tag Eve Example", "Schreiben Sie"),
    ],
)
def test_adding_a_person_mails_an_invitation_in_their_language_with_a_working_link(
    app: Flask,
    client: Any,
    make_client: Any,
    auth: Any,
    sink: SmtpSink,
    language: str,
    subject: str,
    greeting: str,
    contact: str,
) -> None:
    hr = auth.login("hr")  # HR reads English; the mail follows the new person
    response = _add(
        client, email="eve@example.com", name="Eve Example", language=language
    )
    assert response.status_code == 302
    assert "added and invited" in client.get("/people/").get_data(as_text=True)

    [message] = sink.messages
    assert message["To"] == "eve@example.com"
    assert message["Subject"].startswith(subject)
    assert message["Content-Language"] == language
    text = _text(message)
    assert greeting in text
    assert contact in text
    assert HR_CONTACT in text
    assert "http://lms.test" in text  # the site's address
    link = LINK.search(text)
    assert link
    _set_password_and_log_in(make_client, link.group(1), "eve@example.com")

    eve = _found(app, "eve@example.com")
    assert eve.invited_at is not None
    [entry] = audit_entries(app, "people.password_link_mailed")
    assert (entry.actor_id, entry.target) == (hr.id, "eve@example.com")
    assert json.loads(entry.details_json) == {"person_id": eve.id, "invitation": True}


def test_the_people_page_shows_the_invitation_and_a_resend_replaces_the_link(
    app: Flask, client: Any, make_client: Any, auth: Any, sink: SmtpSink
) -> None:
    auth.login("hr")
    _add(client, email="eve@example.com", name="Eve Example")
    page = client.get("/people/").get_data(as_text=True)
    assert "invited " in page
    assert "Resend invitation" in page
    eve = _found(app, "eve@example.com")

    resent = client.submit(f"/people/{eve.id}/password-link", page="/people/")
    assert resent.status_code == 302
    first, second = (LINK.search(_text(message)) for message in sink.messages)
    assert first
    assert second
    assert first.group(1) != second.group(1)
    assert len(audit_entries(app, "people.password_link_mailed")) == 2
    # The old link is dead, the new one works.
    assert make_client().get(first.group(1)).status_code == 404
    _set_password_and_log_in(make_client, second.group(1), "eve@example.com")
    page = client.get("/people/").get_data(as_text=True)
    assert "password set" in page


def test_importing_people_invites_each_new_person_in_their_language(
    app: Flask, client: Any, make_client: Any, auth: Any, sink: SmtpSink
) -> None:
    auth.login("hr")
    data = csv_file(
        HEADER,
        "anna@example.com,Anna Alt,E1,Sales,,en",
        "bernd@example.com,Bernd Brot,E2,Sales,,de",
    )
    preview = upload(client, data)
    done = client.submit(
        "/hr/people/import/confirm", {"payload": payload_of(preview)}, page="/"
    )
    assert done.status_code == 200
    by_address = {message["To"]: message for message in sink.messages}
    assert set(by_address) == {"anna@example.com", "bernd@example.com"}
    assert by_address["bernd@example.com"]["Subject"].startswith("Ihre Einladung")
    assert by_address["anna@example.com"]["Subject"].startswith("Your invitation")
    link = LINK.search(_text(by_address["bernd@example.com"]))
    assert link
    _set_password_and_log_in(make_client, link.group(1), "bernd@example.com")
    assert _found(app, "anna@example.com").invited_at is not None


def test_without_mail_the_page_says_so_and_offers_the_links_as_a_csv_file(
    app: Flask,
    client: Any,
    make_client: Any,
    auth: Any,
    make_person: Callable[..., Person],
) -> None:
    hr = auth.login("hr")
    new_one = make_person(email="new@example.com", name="New One", password=None)
    other = make_person(email="other@example.com", name="=Other", password=None)
    has_password = make_person(email="old@example.com")
    page = client.get("/people/").get_data(as_text=True)
    assert "E-mail is not set up on this site" in page
    assert "not invited yet" in page

    response = client.submit(
        "/people/invitation-links.csv",
        {"person_id": [str(new_one.id), str(other.id), str(has_password.id)]},
        page="/people/",
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Name", "E-mail address", "Language", "Set-password link"]
    by_address = {row[1]: row for row in rows[1:]}
    assert set(by_address) == {
        "new@example.com",
        "other@example.com",
    }  # no password holder
    assert by_address["other@example.com"][0] == "'=Other"  # not a formula
    link = LINK.search(by_address["new@example.com"][3])
    assert link
    entries = audit_entries(app, "people.password_link")
    assert {(entry.actor_id, entry.target) for entry in entries} == {
        (hr.id, "new@example.com"),
        (hr.id, "other@example.com"),
    }
    assert "invited " in client.get("/people/").get_data(as_text=True)
    _set_password_and_log_in(make_client, link.group(1), "new@example.com")


def test_the_links_file_is_for_managers_of_those_people_only(
    client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    admin_to_be = make_person(email="boss@example.com", roles=("admin",), password=None)
    auth.login("hr")
    refused = client.submit(
        "/people/invitation-links.csv",
        {"person_id": [str(admin_to_be.id)]},
        page="/people/",
    )
    assert refused.status_code == 403
    auth.logout()
    auth.login("learner")
    assert (
        client.submit(
            "/people/invitation-links.csv",
            {"person_id": [str(admin_to_be.id)]},
            page="/",
        ).status_code
        == 403
    )


def test_adding_a_person_takes_department_manager_and_employee_id(
    app: Flask, client: Any, auth: Any, make_person: Callable[..., Person]
) -> None:
    make_person(email="boss@example.com", name="Boss")
    auth.login("hr")
    response = _add(
        client,
        email="eve@example.com",
        name="Eve Example",
        employee_id="E-77",
        department="  Field   Sales ",
        manager="BOSS@example.com",
    )
    assert response.status_code == 200  # no mail server: the link page
    assert response.headers["Cache-Control"] == "no-store"
    eve = _found(app, "eve@example.com")
    boss = _found(app, "boss@example.com")
    assert eve.employee_id == "E-77"
    assert eve.manager_id == boss.id
    with get_database(app).sessionmaker() as session:
        department = session.get(Department, eve.department_id)
        assert department is not None
        assert department.name == "Field Sales"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"manager": "ghost@example.com"}, "No person has this e-mail address"),
        ({"manager": "not an@address"}, "not a valid e-mail address"),
        ({"employee_id": "E-1"}, "Another person has this employee id already."),
        ({"department": "x" * 201}, "longer than 200 characters"),
    ],
)
def test_add_a_person_checks_the_organisation_fields_like_the_import(
    app: Flask,
    client: Any,
    auth: Any,
    make_person: Callable[..., Person],
    fields: dict[str, str],
    message: str,
) -> None:
    taken = make_person(email="taken@example.com")
    with get_database(app).sessionmaker() as session:
        session.get_one(Person, taken.id).employee_id = "E-1"
        session.commit()
    auth.login("hr")
    response = _add(client, email="eve@example.com", name="Eve Example", **fields)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _person(app, "eve@example.com") is None


def test_add_a_person_messages_are_german_for_a_german_reader(
    client: Any, auth: Any
) -> None:
    auth.login("hr", language="de")
    response = _add(client, email="eve@example.com", name="Eve", manager="bad@@x")
    html = response.get_data(as_text=True)
    assert "keine gültige E-Mail-Adresse" in html
    assert "not a valid e-mail address" not in html
