"""Property tests: no input file makes the loader raise; it only reports."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.content.frontmatter import split_front_matter
from lms.content.loader import load_course
from lms.content.render import render_markdown
from tests.content.course_tree import COURSE, QUIZ_IDS, write_tree

PHONE = "courses/cse/01-basics/02-phone.md"
COURSE_MD = "courses/cse/course.md"

# Text that looks like Markdown and YAML more often than uniform text would.
SYNTAX = st.sampled_from(
    [
        "---", "\n", "title:", "summary:", ": ", "- ", "[", "]", "(", ")", "{", "}",
        "!", "#", "`", "```", "!!! note", "???+", "    ", "|", ":--", "[^1]", "*",
        "<", ">", "&", '"', "'", "../", ".md", "assets/", "javascript:", "{: #",
        "estimated_minutes: ", "2024-13-45", "&amp;", "\t", "\r\n", "\ufeff",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=40).map("".join)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@given(text=TEXT)
@SETTINGS
def test_split_front_matter_never_raises(text: str) -> None:
    meta, body, body_line, problems = split_front_matter(text, "x.md")
    assert isinstance(meta, dict)
    assert isinstance(body, str)
    assert body_line >= 1
    assert all(problem.line >= 1 for problem in problems)


@given(text=TEXT)
@SETTINGS
def test_render_never_raises(text: str) -> None:
    rendered = render_markdown(text, resolve_link=lambda href: None)
    assert "<script" not in rendered.html


@given(content=st.one_of(TEXT, st.binary(max_size=200)))
@SETTINGS
def test_any_lesson_file_yields_a_course_or_problems(
    tmp_path: Path, content: str | bytes
) -> None:
    write_tree(tmp_path, {**COURSE, PHONE: content})
    course, problems = load_course(tmp_path / "courses" / "cse", quiz_ids=QUIZ_IDS)
    assert (course is None) == bool(problems)
    assert all(problem.path.startswith("courses/cse/") for problem in problems)


@given(front=TEXT, body=TEXT)
@SETTINGS
def test_any_front_matter_yields_a_course_or_problems(
    tmp_path: Path, front: str, body: str
) -> None:
    write_tree(tmp_path, {**COURSE, COURSE_MD: f"---\n{front}\n---\n{body}"})
    course, problems = load_course(tmp_path / "courses" / "cse", quiz_ids=QUIZ_IDS)
    assert (course is None) == bool(problems)
    assert all(problem.line >= 1 for problem in problems)
