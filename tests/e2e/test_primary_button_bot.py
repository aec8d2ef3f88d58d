"""The primary-button bot: a new learner gets from login to certificate by clicking
only the one `button--primary` of each page (answering quizzes correctly)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_learner_journey import log_in
from tests.fixtures.browser import assert_accessible

pytestmark = pytest.mark.e2e

MAX_STEPS = 40
ATTEMPT_PAGE = re.compile(r"/attempts/[^/?#]+(\?.*)?$")

# The right answers of the fixture banks (tests/fixtures/content.py `bank`), by
# the question's stem: the test knows them, it never reads them off the page.
RIGHT_ANSWERS = {
    "Which greeting fits best?": "Good morning, how can I help?",
    "A caller is angry. What first?": "Listen without interrupting.",
}


def answer_every_question(page: Any) -> None:
    fieldsets = page.locator("fieldset.question")
    expect(fieldsets.first).to_be_visible()
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        text = fieldset.inner_text()
        stem = next((s for s in RIGHT_ANSWERS if s in text), None)
        assert stem is not None, f"unknown question on {page.url}: {text}"
        fieldset.get_by_label(RIGHT_ANSWERS[stem]).check()


def primary_button(page: Any) -> Any:
    primary = page.locator(".button--primary:visible")
    if primary.count() != 1:
        pytest.fail(
            f"{primary.count()} primary buttons on {page.url}:\n"
            + page.locator("main").inner_text()
        )
    return primary.first


def test_only_primary_buttons_lead_a_new_learner_to_the_certificate(
    live_server: str, new_page: Any, make_person: Any, tmp_path: Path
) -> None:
    base = live_server
    person = make_person(name="Katherine Johnson")
    page = new_page()
    log_in(page, base, person.email)
    visited: list[str] = []
    for _step in range(MAX_STEPS):
        assert_accessible(page)
        visited.append(page.url)
        if ATTEMPT_PAGE.search(page.url):
            answer_every_question(page)
        primary = primary_button(page)
        href = primary.get_attribute("href") or ""
        if href.endswith(".pdf"):
            with page.expect_download() as download_info:
                primary.click()
            pdf = tmp_path / "certificate.pdf"
            download_info.value.save_as(pdf)
            break
        with page.expect_navigation():
            primary.click()
    else:
        pytest.fail(f"no certificate after {MAX_STEPS} pages: {visited}")

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Katherine Johnson" in text
    assert "Customer Service" in text
    # The way led through every lesson, both module quizzes and the final exam,
    # each quiz right after its module's lessons.
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in visited]
    lessons_and_quizzes = [
        p
        for p in paths
        if re.fullmatch(r"/courses/cse/(basics|advanced)/\w+|/courses/cse/quiz/\w+", p)
    ]
    assert lessons_and_quizzes == [
        "/courses/cse/basics/welcome",
        "/courses/cse/basics/phone",
        "/courses/cse/quiz/basics",
        "/courses/cse/advanced/complaints",
        "/courses/cse/quiz/advanced",
        "/courses/cse/quiz/final",
    ], paths
    assert "/courses/cse/certificate" in paths, paths
