"""A broken file marks only itself broken; the rest of the course previews."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.content.course_tree import write_tree

PHONE_FILE = "courses/cse/01-basics/02-phone.md"
BROKEN_TITLE = "---\ntitle: Quick recap: who is the customer?\n---\n## Still here\n"


def test_one_broken_lesson_leaves_the_rest_of_the_course_previewable(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(content_root, {PHONE_FILE: BROKEN_TITLE})
    auth.login("author")
    course = client.get("/author/preview/cse").get_data(as_text=True)
    assert "Advanced" in course  # the other module is listed
    assert "/author/preview/cse/advanced/complaints" in course
    assert f"{PHONE_FILE}:2" in course
    good = client.get("/author/preview/cse/basics/welcome")
    assert good.status_code == 200
    broken = client.get("/author/preview/cse/basics/phone")
    assert broken.status_code == 200
    html = broken.get_data(as_text=True)
    assert f"{PHONE_FILE}:2" in html
    assert 'id="still-here"' in html  # the body renders as far as it can


def test_course_list_keeps_titles_when_one_lesson_is_broken(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(content_root, {PHONE_FILE: BROKEN_TITLE})
    auth.login("author")
    html = client.get("/author/").get_data(as_text=True)
    assert "Customer" in html or "customer" in html
    assert "0 modules" not in html


def test_previews_never_link_into_live_quizzes_or_progress(
    client: Any, auth: Any, content_root: Path
) -> None:
    auth.login("author")
    pages = [
        "/author/preview/cse",
        "/author/preview/cse/basics",
        "/author/preview/cse/basics/phone",
    ]
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        assert not re.search(r'(href|action)="/courses/[^"]*/quiz/', html), page
        assert not re.search(r'action="[^"]*/complete"', html), page


def test_problems_are_sorted_by_file_and_line(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(
        content_root,
        {
            PHONE_FILE: "---\ntitle: Phone\ncolour: red\n---\n[x](nowhere.md)\n",
            # Found by the folder scan, before the lessons are read.
            "courses/cse/notes.md": "---\ntitle: Notes\n---\nx\n",
        },
    )
    auth.login("author")
    html = client.get("/author/").get_data(as_text=True)
    html = html.split('id="courses-title"')[0]  # the check section only
    found = re.findall(r"<code>(courses/[^<]+):(\d+)</code>", html)
    keys = [(path, int(line)) for path, line in found]
    assert keys == sorted(keys)
    assert (PHONE_FILE, 3) in keys
    assert (PHONE_FILE, 5) in keys
    assert ("courses/cse/notes.md", 1) in keys
