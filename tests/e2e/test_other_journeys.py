"""Admins create people, authors preview and sync, a German learner, keyboard only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.content.course_tree import write_tree
from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD
from tests.quiz.attempts.helpers import bank_text

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "quiet river behind the mill"


def log_in(
    page: Any,
    base: str,
    email: str,
    password: str = PASSWORD,
    labels: tuple[str, str, str] = ("E-mail address", "Password", "Log in"),
    lands: str = "/",
) -> None:
    page.goto(base + "/login")
    page.get_by_label(labels[0]).fill(email)
    page.get_by_label(labels[1], exact=True).fill(password)
    page.get_by_role("button", name=labels[2]).click()
    page.wait_for_url(base + lands)


def test_admin_creates_a_person_who_sets_a_password(
    live_server: str, new_page: Any, make_person: Any
) -> None:
    admin = make_person(roles=("admin",))
    page = new_page()
    log_in(page, live_server, admin.email, lands="/admin/")
    expect(page.get_by_role("heading", name="First steps")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="People", exact=True).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Add a person").click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("new.colleague@example.com")
    page.get_by_label("Full name").fill("New Colleague")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    link_field = page.get_by_label("Set-password link")
    expect(link_field).to_be_visible()
    assert_accessible(page)
    link = link_field.input_value()
    newcomer = new_page()
    newcomer.goto(link)
    assert_accessible(newcomer)
    newcomer.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    newcomer.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Set password").click()
    newcomer.wait_for_url(live_server + "/login")
    log_in(newcomer, live_server, "new.colleague@example.com", NEW_PASSWORD)
    expect(newcomer.locator("main")).to_contain_text("Welcome, New Colleague")


def test_author_previews_and_syncs(
    live_server: str, new_page: Any, make_person: Any, content_root: Any
) -> None:
    author = make_person(roles=("author",))
    write_tree(
        content_root,
        {
            "courses/cse/01-basics/02-phone.md": (
                "---\ntitle: Phone, revised\n---\n## Greeting\n"
            ),
        },
    )
    page = new_page()
    log_in(page, live_server, author.email, lands="/author/")
    page.get_by_role("link", name="Authoring").click()
    page.wait_for_url(live_server + "/author/")
    assert_accessible(page)
    page.get_by_role("link", name="Customer Service").click()
    page.wait_for_url(live_server + "/author/preview/cse")
    assert_accessible(page)
    page.get_by_role("link", name="Phone, revised").first.click()
    page.wait_for_url(re.compile(r"/author/preview/cse/[^/]+/[^/]+$"))
    expect(page.locator("main")).to_contain_text("Greeting")
    assert_accessible(page)
    page.goto(live_server + "/author/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sync now").click()
    main = page.locator("main")
    expect(main).to_contain_text("The content was synced.")
    expect(main).to_contain_text("cse/basics/phone")
    assert_accessible(page)


def test_german_learner_takes_a_quiz(
    live_server: str, new_page: Any, make_person: Any
) -> None:
    person = make_person(language="de")
    page = new_page(locale="de-DE")
    log_in(
        page,
        live_server,
        person.email,
        labels=("E-Mail-Adresse", "Passwort", "Anmelden"),
    )
    expect(page.locator("body")).to_contain_text("Meine Kurse")
    assert_accessible(page)
    page.goto(live_server + "/courses/cse")
    expect(page.locator("body")).to_contain_text("Kundenservice")
    assert_accessible(page)
    page.get_by_role("link", name="Willkommen").click()
    page.wait_for_url(re.compile(r"/courses/cse/.+/.+"))
    assert_accessible(page)
    page.goto(live_server + "/courses/cse/quiz/basics")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("beginnen")).click()
    page.wait_for_url(re.compile(r"/attempts/[^/]+$"))
    assert_accessible(page)
    page.get_by_label("Good morning, how can I help?").check()
    page.get_by_label("Listen without interrupting.").check()
    page.get_by_role("button", name="Beenden und abgeben").click()
    page.wait_for_url(re.compile(r"/submit$"))
    assert_accessible(page)
    page.get_by_role("button", name="Jetzt abgeben").click()
    page.wait_for_url(re.compile(r"/result$"))
    assert_accessible(page)
    expect(page.locator(".result-summary")).to_contain_text("Bestanden")


def test_every_question_type_can_be_answered_with_the_keyboard(
    live_server: str, new_page: Any, make_person: Any, sync: Any
) -> None:
    assert sync({"quizzes/cse/basics.md": bank_text("basics")}).ok
    person = make_person()
    page = new_page()
    log_in(page, live_server, person.email)
    page.goto(live_server + "/courses/cse/quiz/basics")
    page.get_by_role("button", name="Start the quiz").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/"))
    assert_accessible(page)

    def tab_to(selector: str) -> None:
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"could not reach {selector} with Tab")

    def labelled(text: str) -> str:
        """A selector for the control labelled ``text`` (ids are opaque)."""
        element_id = page.get_by_label(text, exact=True).get_attribute("id")
        return f'[id="{element_id}"]'

    tab_to(labelled("Good morning, how can I help?"))
    page.keyboard.press("Space")  # single choice
    tab_to(labelled("Listen first"))
    page.keyboard.press("Space")  # multiple response
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    steps = ["Listen", "Apologise", "Solve", "Follow up"]
    selects = page.locator("select[name^='a-q-steps-']")
    expect(selects).to_have_count(len(steps))
    for index in range(selects.count()):  # ordering: shown shuffled
        element_id = selects.nth(index).get_attribute("id")
        text = page.locator(f'label[for="{element_id}"]').inner_text()
        tab_to(f'[id="{element_id}"]')
        for _ in range(steps.index(text.removeprefix("Position of").strip()) + 1):
            page.keyboard.press("ArrowDown")
    tab_to(labelled("Phone"))  # matching: type-ahead picks the option by its text
    page.keyboard.type("Tone")
    tab_to(labelled("E-mail"))
    page.keyboard.type("A wr")
    tab_to(labelled("Your answer"))  # short answer
    page.keyboard.type("internal customer")
    tab_to("button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/submit$"))
    tab_to("button.button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result$"))
    expect(page.locator(".result-summary")).to_contain_text("100%")


def test_answers_given_offline_are_sent_when_the_connection_returns(
    live_server: str, new_page: Any, make_person: Any, db: Any
) -> None:
    from sqlalchemy import select

    from lms.models import AttemptAnswer

    person = make_person()
    page = new_page()
    log_in(page, live_server, person.email)
    page.goto(live_server + "/courses/cse/quiz/basics")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/"))
    page.context.set_offline(True)
    page.get_by_label("Good morning, how can I help?").check()
    state = page.locator("fieldset.question").first.locator("[data-state]")
    state.filter(has_text="no connection").wait_for()
    assert db.scalars(select(AttemptAnswer)).all() == []
    db.rollback()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("fieldset.question").first.locator("[data-state].is-saved").wait_for()
    assert [a.question_id for a in db.scalars(select(AttemptAnswer))] == [
        "q-basics-greeting"
    ]
