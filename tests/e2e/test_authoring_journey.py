"""Authors fix content in the browser; learners see only what was synced."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.content.course_tree import write_tree
from tests.e2e.test_other_journeys import log_in
from tests.fixtures.browser import assert_accessible

pytestmark = pytest.mark.e2e
PHONE = "courses/cse/01-basics/02-phone.md"
BROKEN = "---\ntitle: Phone: the basics\n---\n## Greeting\n\nSay your name.\n"
FIXED = '---\ntitle: "Phone: the basics"\n---\n## Greeting\n\nSay your name.\n'


def open_editor(page: Any, base: str, path: str) -> None:
    page.goto(f"{base}/author/edit?path={path}")
    expect(page.get_by_role("heading", name=re.compile("Edit"))).to_be_visible()


def test_author_fixes_a_broken_title_in_the_browser_and_syncs(
    live_server: str, new_page: Any, make_person: Any, content_root: Path
) -> None:
    write_tree(content_root, {PHONE: BROKEN})
    author = make_person(roles=("author",))
    page = new_page()
    log_in(page, live_server, author.email, lands="/author/")
    problem = page.locator("ul.problems li", has_text=f"{PHONE}:2")
    expect(problem).to_contain_text("put the value in quotes")
    # The rest of the course still previews.
    page.goto(live_server + "/author/preview/cse/basics/welcome")
    expect(page.locator("main h1").first).to_contain_text("Welcome")
    page.goto(live_server + "/author/")
    with page.expect_navigation():
        problem.get_by_role("link", name="Edit").click()
    assert_accessible(page)
    editor = page.get_by_label("Markdown")
    editor.fill(FIXED)
    # The preview beside the text follows on a pause in typing.
    pane = page.locator("#edit-preview-pane")
    expect(pane.locator("h1")).to_have_text("Phone: the basics")
    expect(pane).not_to_contain_text("not valid YAML")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("Saved.")
    assert Path(content_root / PHONE).read_text() == FIXED
    page.goto(live_server + "/author/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sync now").click()
    expect(page.locator("main")).to_contain_text("The content was synced.")
    learner = make_person()
    reader = new_page()
    log_in(reader, live_server, learner.email)
    reader.goto(live_server + "/courses/cse/basics/phone")
    expect(reader.locator("main h1").first).to_have_text("Phone: the basics")


def test_author_sees_the_conflict_when_the_file_changed_on_disk(
    live_server: str, new_page: Any, make_person: Any, content_root: Path
) -> None:
    author = make_person(roles=("author",))
    page = new_page()
    log_in(page, live_server, author.email, lands="/author/")
    open_editor(page, live_server, PHONE)
    page.get_by_label("Markdown").fill("---\ntitle: Mine\n---\nMy text.\n")
    write_tree(content_root, {PHONE: "---\ntitle: Theirs\n---\nFrom git.\n"})
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("changed on disk")
    expect(page.locator("#theirs")).to_have_value(re.compile("From git."))
    expect(page.get_by_label("Markdown")).to_have_value(re.compile("My text."))
    assert "From git." in (content_root / PHONE).read_text()
    assert_accessible(page)


def test_a_learner_never_sees_unsynced_edits(
    live_server: str, new_page: Any, make_person: Any, content_root: Path
) -> None:
    author = make_person(roles=("author",))
    page = new_page()
    log_in(page, live_server, author.email, lands="/author/")
    open_editor(page, live_server, PHONE)
    page.get_by_label("Markdown").fill("---\ntitle: Unsynced draft\n---\nDraft.\n")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("Saved.")
    learner = make_person()
    reader = new_page()
    log_in(reader, live_server, learner.email)
    reader.goto(live_server + "/courses/cse/basics/phone")
    expect(reader.locator("main h1").first).to_have_text("The phone")
    expect(reader.locator("main")).not_to_contain_text("Unsynced draft")
    response = reader.goto(f"{live_server}/author/edit?path={PHONE}")
    assert response.status == 403
