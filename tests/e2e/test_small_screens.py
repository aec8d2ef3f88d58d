"""Every page a learner, HR, an author and an admin reach, on a phone and on a laptop.

At 360 px no page may scroll sideways and axe finds nothing; at 360 and 1366 px a
full-page screenshot of each page is kept in tests/e2e/artifacts/screens/<width>/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.models import Attempt, Certificate, Person
from lms.quiz import attempts as quiz
from tests.certify.helpers import earn, pass_quiz
from tests.e2e.screens import DESKTOP, PHONE, check_screen
from tests.fixtures.content import bank
from tests.fixtures.people import PASSWORD
from tests.hr.helpers import department, person

pytestmark = pytest.mark.e2e

# A module quiz with the question types that are hardest on a phone: long matching
# options and an ordering list.
THUMB_BANK = bank("advanced", "Advanced quiz") + (
    "\n## Match each customer to the best first reply {#q-advanced-match}\n\n"
    "- A caller whose parcel arrived broken after a long wait -> "
    "I am sorry it arrived broken; I will send a replacement today.\n"
    "- A colleague from accounting who needs an invoice copy by noon -> "
    "Of course, I will e-mail the copy to you within the hour.\n"
    "- -> Please call back during our normal opening hours next week.\n"
    "\n## Put the steps of a complaint call in order {#q-advanced-order}\n\n"
    "1. Greet the caller and say your name\n"
    "2. Listen to the whole story without interrupting\n"
    "3. Repeat the problem in your own words\n"
    "4. Agree on the next step and a date\n"
)


@dataclass
class World:
    learner: Person
    hr: Person
    author: Person
    admin: Person
    certificate: Certificate
    open_attempt: str
    finished_attempt: str


@pytest.fixture
def world(app: Flask, make_person: Any, sync: Any, synced: Any) -> World:
    learner = make_person(
        name="Maximiliane Mustermann-Überlänge",
        email="maximiliane.mustermann-ueberlaenge.training@customer-service.example.com",
    )
    hr = make_person(roles=("hr",), name="Hanna HR")
    author = make_person(roles=("author",), name="Arthur Author")
    admin = make_person(roles=("admin",), name="Ada Admin")
    now = utcnow()
    with get_database(app).sessionmaker() as session:
        sales = department(session, "Sales and customer service, Northern region")
        for number in range(3):
            person(session, f"Learner {number}", dept=sales, employee_id=f"E{number}")
        session.commit()
        holder = session.get(Person, learner.id)
        assert holder is not None
        certificate = earn(session, holder, now)
        pass_quiz(session, holder, "basics", now, right=False)
        finished_id = session.scalars(
            select(Attempt.public_id)
            .where(Attempt.person_id == holder.id, Attempt.bank_id == "basics")
            .order_by(Attempt.number.desc())
        ).first()
        assert finished_id is not None
        session.expunge(certificate)
    sync({"quizzes/cse/advanced.md": THUMB_BANK})
    with get_database(app).sessionmaker() as session:
        holder = session.get(Person, learner.id)
        assert holder is not None
        attempt = quiz.start_attempt(session, holder, "cse", "advanced", now)
        session.commit()
        open_id = attempt.public_id
    return World(learner, hr, author, admin, certificate, open_id, finished_id)


def log_in(page: Any, base: str, who: Person) -> None:
    page.goto(base + "/login")
    page.get_by_label("E-mail address").fill(who.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def pages_of(world: World) -> dict[str, list[tuple[Any, ...]]]:
    cert = world.certificate
    return {
        "learner": [
            ("home", "/"),
            ("learning", "/learning"),
            ("catalog", "/courses"),
            ("course", "/courses/cse"),
            ("module", "/courses/cse/basics"),
            ("lesson", "/courses/cse/basics/welcome"),
            ("quiz-overview", "/courses/cse/quiz/basics"),
            ("attempt", f"/attempts/{world.open_attempt}"),
            ("attempt-confirm", f"/attempts/{world.open_attempt}/submit"),
            ("result", f"/attempts/{world.finished_attempt}/result"),
            ("certificates", "/certificates"),
            ("verify", "/verify"),
            ("verified", f"/verify/{cert.verification_code}"),
            ("password", "/account/password"),
            ("error", "/no-such-page", 404),
        ],
        "hr": [
            ("hr-dashboard", "/hr/"),
            ("hr-matrix", "/hr/matrix"),
            ("people", "/people/"),
            ("people-import", "/hr/people/import"),
            ("assign", "/hr/assign"),
            ("exports", "/hr/exports/"),
            ("audit", "/audit"),
            ("hr-certificates", "/hr/certificates"),
            ("hr-certificate", f"/hr/certificates/{cert.number}"),
            ("transcript-search", "/hr/exports/transcript?who=nobody", 404),
        ],
        "author": [
            ("authoring", "/author/"),
            ("preview-course", "/author/preview/cse"),
            ("preview-module", "/author/preview/cse/basics"),
            ("preview-lesson", "/author/preview/cse/basics/welcome"),
            ("quiz-statistics", "/author/stats/cse/basics"),
        ],
        "admin": [
            ("admin-overview", "/admin/"),
            ("api-tokens", "/admin/api-tokens"),
            ("people-new", "/people/new"),
            ("people-edit", f"/people/{world.learner.id}/edit"),
        ],
    }


@pytest.mark.parametrize(
    "viewport", [PHONE, DESKTOP], ids=lambda size: f"{size['width']}px"
)
def test_every_page_fits_and_is_accessible(
    live_server: str, new_page: Any, world: World, viewport: dict[str, int]
) -> None:
    anonymous = new_page()
    anonymous.set_viewport_size(viewport)
    check_screen(anonymous, live_server + "/login", "login")
    check_screen(
        anonymous, live_server + "/set-password/not-a-token", "set-password", 404
    )
    check_screen(
        anonymous,
        live_server + f"/verify/{world.certificate.verification_code}",
        "verified-public",
    )
    people = {
        "learner": world.learner,
        "hr": world.hr,
        "author": world.author,
        "admin": world.admin,
    }
    for role, pages in pages_of(world).items():
        page = new_page()
        page.set_viewport_size(viewport)
        log_in(page, live_server, people[role])
        for name, path, *status in pages:
            check_screen(page, live_server + path, name, *status)


def test_phone_menu_opens_without_javascript(
    live_server: str, browser: Any, world: World
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, world.hr)
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_hidden()
        header = page.locator(".site-header").bounding_box()
        assert header is not None
        assert header["height"] <= 80, f"the header takes {header['height']} px"
        page.get_by_text("Menu", exact=True).click()
        expect(nav).to_be_visible()
        with page.expect_navigation():
            nav.get_by_role("link", name="People").click()
        expect(page).to_have_url(re.compile(r"/people/$"))
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    finally:
        context.close()


def test_matching_is_usable_with_a_thumb(
    live_server: str, new_page: Any, world: World
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, world.learner)
    page.goto(f"{live_server}/attempts/{world.open_attempt}")
    first = page.locator(".match-items li").first
    label = first.locator("label").bounding_box()
    select = first.locator("select").bounding_box()
    assert label is not None
    assert select is not None
    # The item reads as a line of text, and the select under it spans the width.
    assert label["width"] >= 250, f"the item text is squeezed to {label['width']} px"
    assert select["width"] >= 250
    assert select["height"] >= 44
