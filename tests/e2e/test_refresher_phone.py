"""A learner takes a refresher on a 360 px phone with JavaScript off: the home
card, one page of questions, immediate feedback after each answer."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from lms.db import get_database
from lms.models import Person
from tests.certify.helpers import earn
from tests.e2e.screens import PHONE, assert_fits
from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD
from tests.refresh.helpers import course_with_refresher

pytestmark = pytest.mark.e2e


@pytest.fixture
def learner(app: Flask, make_person: Any, sync: Any) -> Person:
    assert sync(course_with_refresher()).ok
    person = make_person(name="Rita Refresh")
    with get_database(app).sessionmaker() as session:
        # Certified five weeks ago: the first refresher (after 14 days) is due.
        earn(session, session.merge(person), datetime(2026, 10, 30, 9, tzinfo=UTC))
    return person


def _phone(browser: Any, live_server: str, learner: Person, javascript: bool) -> Any:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(learner.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def test_refresher_on_a_phone_without_javascript(
    browser: Any, live_server: str, learner: Person
) -> None:
    page = _phone(browser, live_server, learner, javascript=False)
    # axe and the width check run scripts: they look at the same pages in a
    # second phone whose JavaScript is on.
    checker = _phone(browser, live_server, learner, javascript=True)
    try:
        expect(page.get_by_text("5-minute refresher: 3 questions")).to_be_visible()
        page.get_by_role("button", name="Start the refresher").click()
        expect(page.get_by_role("heading", name="5-minute refresher")).to_be_visible()
        checker.goto(page.url)
        assert_fits(checker)
        assert_accessible(checker)
        for number in (1, 2, 3):
            section = page.locator(f"#q{number}")
            section.get_by_role("radio").first.check()
            section.get_by_role("button", name="Check my answer").click()
            expect(
                page.locator(f"#q{number}").get_by_text(
                    re.compile("^(Right|Not quite)$")
                )
            ).to_be_visible()
        expect(page.get_by_text("Done. Well kept up!")).to_be_visible()
        checker.reload()  # the same page, now with every answer's feedback
        expect(checker.get_by_text("Done. Well kept up!")).to_be_visible()
        assert_fits(checker)
        assert_accessible(checker)
        page.goto(live_server + "/learning")
        expect(page.get_by_text("5-minute refresher: 3 questions")).to_have_count(0)
    finally:
        page.context.close()
        checker.context.close()
