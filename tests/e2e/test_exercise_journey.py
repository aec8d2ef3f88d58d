"""A learner answers an exercise in the browser and only then sees the model answer."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.catalog.test_exercises import EXERCISE_LESSON, PHONE, SCENE_ANSWER
from tests.e2e.test_other_journeys import log_in
from tests.fixtures.browser import assert_accessible

pytestmark = pytest.mark.e2e


def test_learner_saves_an_answer_then_reads_the_model_answer(
    live_server: str, new_page: Any, make_person: Any, sync: Any
) -> None:
    assert sync(EXERCISE_LESSON).ok
    learner = make_person()
    page = new_page()
    log_in(page, live_server, learner.email)
    page.goto(live_server + PHONE)
    box = page.locator("#exercise-read-the-scene")
    expect(box.get_by_role("heading", name="Exercise: Read the scene")).to_be_visible()
    expect(page.get_by_text(SCENE_ANSWER)).to_have_count(0)
    assert_accessible(page)
    box.get_by_label("Your answer").fill("Stop typing and greet the customer.")
    with page.expect_navigation():
        box.get_by_role("button", name="Save my answer").click()
    assert page.url.endswith("#exercise-read-the-scene")
    expect(box.get_by_text(SCENE_ANSWER)).to_be_visible()
    expect(box.locator(".exercise__text")).to_have_text(
        "Stop typing and greet the customer."
    )
    assert_accessible(page)
    greeting = page.locator("#exercise-pick-a-greeting")
    greeting.get_by_label("How can I help you today?").check()
    with page.expect_navigation():
        greeting.get_by_role("button", name="Save my answer").click()
    expect(greeting.get_by_role("heading", name="Model answer")).to_be_visible()
