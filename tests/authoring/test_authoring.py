"""Authors preview unsynced files, try Markdown live and sync with a report."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from lms.authoring.services import asset_path
from lms.errors import NotFound
from tests.content.course_tree import write_tree

PHONE_FILE = "courses/cse/01-basics/02-phone.md"


def test_learners_cannot_reach_author_pages(
    client: Any, auth: Any, content_root: Any
) -> None:
    auth.login("learner")
    for path in ("/author/", "/author/preview/cse"):
        assert client.get(path).status_code == 403
    assert client.submit("/author/sync", page="/").status_code == 403


def test_preview_shows_unsynced_changes_as_learners_will_see_them(
    client: Any, auth: Any, synced: Any, content_root: Any
) -> None:
    write_tree(
        content_root, {PHONE_FILE: "---\ntitle: Phone, rewritten\n---\n## New part\n"}
    )
    auth.login("author")
    preview = client.get("/author/preview/cse/basics/phone").get_data(as_text=True)
    assert "<h1>Phone, rewritten</h1>" in preview
    assert 'id="new-part"' in preview
    assert 'href="/author/preview/cse/basics/welcome"' in preview
    assert "Mark as complete" not in preview
    live = client.get("/courses/cse/basics/phone").get_data(as_text=True)
    assert "<h1>The phone</h1>" in live


def test_preview_lists_the_checks_problems(
    client: Any, auth: Any, content_root: Any
) -> None:
    write_tree(
        content_root, {PHONE_FILE: "---\ntitle: Phone\ncolour: red\n---\nText.\n"}
    )
    auth.login("author")
    html = client.get("/author/").get_data(as_text=True)
    assert "courses/cse/01-basics/02-phone.md:3" in html
    assert "colour" in html
    html = client.get("/author/preview/cse").get_data(as_text=True)
    assert "cannot be synced" in html


def test_sync_now_reports_changes(client: Any, auth: Any, content_root: Any) -> None:
    auth.login("author")
    html = client.submit("/author/sync", page="/author/").get_data(as_text=True)
    assert "The content was synced." in html
    assert "cse/basics/phone" in html
    write_tree(content_root, {PHONE_FILE: "---\ntitle: Phone two\n---\nText.\n"})
    html = client.submit("/author/sync", page="/author/").get_data(as_text=True)
    assert "Changed lessons</dt><dd>1</dd>" in html
    write_tree(content_root, {PHONE_FILE: "---\ntitle: Phone\n---\n[x](nowhere.md)\n"})
    html = client.submit("/author/sync", page="/author/").get_data(as_text=True)
    assert "Nothing was changed" in html
    assert "nowhere.md" in html
    assert "<h1>Phone two</h1>" in client.get("/courses/cse/basics/phone").get_data(
        as_text=True
    )


def test_live_markdown_preview_is_sanitized(
    client: Any, auth: Any, content_root: Any
) -> None:
    auth.login("author")
    html = client.submit(
        "/author/",
        {"markdown": '!!! tip "Hint"\n    Smile.\n\n<script>alert(1)</script>'},
        page="/author/",
    ).get_data(as_text=True)
    assert 'class="admonition tip"' in html
    assert "<script>alert(1)</script>" not in html


def test_preview_assets_stay_inside_assets_folders(
    client: Any, auth: Any, content_root: Any
) -> None:
    auth.login("author")
    with client.get("/author/asset/cse/01-basics/assets/smile.png") as response:
        assert response.status_code == 200
    for path in (
        "/author/asset/cse/course.md",
        "/author/asset/cse/../../quizzes/cse/basics.md",
        "/author/asset/cse/01-basics/02-phone.md",
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("slug", ["..", "%2E%2E", "%2e%2e", "."])
def test_asset_route_stays_inside_the_course_folders(
    client: Any, auth: Any, content_root: Path, slug: str
) -> None:
    # A file in an assets/ folder beside courses/, where no course lives.
    write_tree(content_root, {"assets/secret.txt": "not for authors"})
    auth.login("author")
    path = f"/author/asset/{slug}/assets/secret.txt"
    # As sent, and as a server hands on a raw `..` that no client normalised.
    raw = {"PATH_INFO": unquote(path)}
    for environ in ({}, raw):
        with client.get(path, environ_overrides=environ) as response:
            assert response.status_code == 404, environ
            assert b"not for authors" not in response.data


@pytest.mark.parametrize("slug", ["..", ".", "", "CSE", "cse/..", "../courses/cse"])
def test_asset_path_refuses_slugs_that_are_not_course_folders(
    content_root: Path, slug: str
) -> None:
    write_tree(content_root, {"assets/secret.txt": "not for authors"})
    with pytest.raises(NotFound):
        asset_path(content_root / "courses", slug, "assets/secret.txt")
