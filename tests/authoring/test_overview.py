"""The author page's check is cached by the files' contents."""

from __future__ import annotations

from pathlib import Path

from lms.authoring.overview import overview
from tests.content.course_tree import write_tree

PHONE_FILE = "courses/cse/01-basics/02-phone.md"


def test_unchanged_files_reuse_the_check_and_a_change_is_seen(
    content_root: Path,
) -> None:
    dirs = (content_root / "courses", content_root / "quizzes")
    first = overview(*dirs)
    assert overview(*dirs) is first
    write_tree(content_root, {PHONE_FILE: "---\ntitle: Phone\ncolour: red\n---\nX.\n"})
    second = overview(*dirs)
    assert second is not first
    assert [(p.path, p.line) for p in second.problems] == [(PHONE_FILE, 3)]
    assert second.problems[0].excerpt == "colour: red"
