"""One attempt in two tabs of one browser: the tab that is behind is told to reload."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.models import AttemptAnswer
from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.e2e
RIGHT, WRONG = "Good morning, how can I help?", "What?"


def _greeting(page: Any) -> Any:
    return page.locator("fieldset.question").filter(has=page.get_by_label(RIGHT))


def test_a_stale_tab_is_told_to_reload_and_then_shows_the_other_tabs_answer(
    live_server: str, new_page: Any, make_person: Any, db: Any
) -> None:
    person = make_person()
    first = new_page()
    first.goto(live_server + "/login")
    first.get_by_label("E-mail address").fill(person.email)
    first.get_by_label("Password").fill(PASSWORD)
    first.get_by_role("button", name="Log in").click()
    first.wait_for_url(live_server + "/")
    first.goto(live_server + "/courses/cse/quiz/basics")
    first.get_by_role("button", name="Start the quiz").click()
    first.wait_for_url(re.compile(r"/attempts/"))
    second = first.context.new_page()  # the same attempt in a second tab
    second.goto(first.url)
    expect(second.get_by_label(WRONG)).to_be_visible()

    first.get_by_label(RIGHT).check()
    expect(_greeting(first).locator("[data-state]")).to_have_text("Saved")
    second.get_by_label(WRONG).check()
    notice = second.locator("#stale-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(
        re.compile(
            r"This attempt was changed in another tab or window\. "
            r"Reload to see the latest answers\."
        )
    )
    expect(_greeting(second).locator("[data-state]")).not_to_have_text("Saved")
    assert_accessible(second)
    db.rollback()
    stored = db.scalars(select(AttemptAnswer.response_json)).all()
    assert len(stored) == 1  # the first tab's answer, not overwritten

    with second.expect_navigation():
        notice.get_by_role("button", name="Reload").click()
    expect(second.get_by_label(RIGHT)).to_be_checked()
    expect(second.get_by_label(WRONG)).not_to_be_checked()
    expect(notice).to_be_hidden()
    db.rollback()
    assert db.scalars(select(AttemptAnswer.response_json)).all() == stored
    # The reloaded tab is up to date: its answers are saved again.
    second.get_by_label(WRONG).check()
    expect(_greeting(second).locator("[data-state]")).to_have_text("Saved")
    expect(notice).to_be_hidden()
