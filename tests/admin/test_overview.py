"""The administrator's overview: the first steps with their state, and counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from lms.admin.overview import is_loopback_url
from lms.db import get_database
from tests.hr.helpers import course_id


def step(html: str, key: str) -> str:
    match = re.search(
        rf'<li class="card first-step" id="step-{key}">(.*?)</li>', html, re.S
    )
    assert match, key
    return " ".join(match.group(1).split())


@pytest.mark.parametrize("role", ["learner", "author", "hr"])
def test_only_administrators_see_the_overview(
    client: Any, auth: Any, role: str
) -> None:
    auth.login(role)
    assert client.get("/admin/").status_code == 403
    assert 'href="/admin/"' not in client.get("/learning").get_data(as_text=True)


def test_a_fresh_installation_shows_every_step_open(client: Any, auth: Any) -> None:
    auth.login("admin")
    html = client.get("/admin/").get_data(as_text=True)
    assert "5 steps are still open." in html  # the test base URL is not loopback
    assert "Nobody besides the administrators" in step(html, "people")
    assert "No import yet." in step(html, "import")
    assert "No assignment yet." in step(html, "assign")
    assert "E-mail is not set up" in step(html, "mail")
    assert "No published course yet." in step(html, "content")
    assert 'href="/hr/people/import"' in step(html, "import")
    assert "to do" in step(html, "assign")
    assert "never" in html  # last content sync


def test_assigning_a_course_ticks_off_the_step(
    app: Flask, client: Any, auth: Any, make_person: Any, synced: Any
) -> None:
    make_person(name="Lena Learner")
    with get_database(app).sessionmaker() as session:
        course = course_id(session)
    auth.login("admin")
    before = client.get("/admin/").get_data(as_text=True)
    assert "No assignment yet." in step(before, "assign")
    assert "1 person besides the administrators." in step(before, "people")
    assert "done" in step(before, "content")
    response = client.submit(
        "/hr/assign",
        {
            "course": str(course),
            "target": "everyone",
            "due_mode": "days",
            "due_in_days": "30",
        },
        page="/hr/assign",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    after = client.get("/admin/").get_data(as_text=True)
    assigned = step(after, "assign")
    assert "done" in assigned
    assert "No assignment yet." not in assigned
    assert re.search(r"\d+ assignments?\.", assigned)


def test_base_url_and_mail_settings_count_as_done_once_set(
    app: Flask, client: Any, auth: Any
) -> None:
    app.config["LMS_BASE_URL"] = "http://127.0.0.1:5000"
    auth.login("admin")
    html = client.get("/admin/").get_data(as_text=True)
    assert "only works on this server" in step(html, "base-url")
    app.config["LMS_BASE_URL"] = "https://learning.example.com"
    app.config["LMS_SMTP_HOST"] = "mail.example.com"
    html = client.get("/admin/").get_data(as_text=True)
    assert "done" in step(html, "base-url")
    assert "https://learning.example.com" in step(html, "base-url")
    assert "E-mail is set up" in step(html, "mail")


def test_the_system_state_names_database_and_counts(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login("admin")
    html = client.get("/admin/").get_data(as_text=True)
    assert re.search(r"<dt>Database</dt><dd>(SQLite|PostgreSQL)</dd>", html)
    assert re.search(r"<dt>Courses</dt><dd>[1-9]\d*</dd>", html)
    assert "<dt>Certificates</dt><dd>0</dd>" in html
    assert "never" not in html  # synced


def test_the_overview_speaks_german(client: Any, auth: Any) -> None:
    auth.login("admin", language="de")
    html = client.get("/admin/").get_data(as_text=True)
    assert "<h1>Übersicht</h1>" in html
    assert "Erste Schritte" in html
    assert "Noch keine Zuweisung." in step(html, "assign")
    assert "offen" in step(html, "assign")
    assert "Zustand des Systems" in html
    assert ">Mein Lernbereich</a>" in html


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:5000", True),
        ("http://localhost:5401", True),
        ("http://[::1]:5000/", True),
        ("http://0.0.0.0:5000", True),
        ("https://learning.example.com", False),
        ("http://10.1.2.3:5000", False),
    ],
)
def test_loopback_addresses_are_recognised(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback
