"""Splitting front matter from the body, and finding the line of a key."""

from __future__ import annotations

import pytest

from lms.content.frontmatter import find_key_line, split_front_matter


def test_splits_keys_body_and_body_line() -> None:
    text = "---\ntitle: Hello\nestimated_minutes: 5\n---\nFirst line\nSecond\n"
    meta, body, body_line, problems = split_front_matter(text, "x.md")
    assert meta == {"title": "Hello", "estimated_minutes": 5}
    assert body == "First line\nSecond\n"
    assert body_line == 5
    assert problems == []


def test_windows_newlines_are_normalized() -> None:
    meta, body, body_line, problems = split_front_matter(
        "---\r\ntitle: Hi\r\n---\r\nBody\r\n", "x.md"
    )
    assert (meta, body, body_line, problems) == ({"title": "Hi"}, "Body\n", 4, [])


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert split_front_matter("---\n---\nBody", "x.md") == ({}, "Body", 3, [])


def test_missing_front_matter_is_a_problem_on_line_1() -> None:
    meta, body, body_line, problems = split_front_matter("# Title\nText", "a/b.md")
    assert meta == {}
    assert body == "# Title\nText"
    assert body_line == 1
    assert [str(problem) for problem in problems] == [
        "a/b.md:1: missing front matter: the file must start with a line '---', "
        "then the keys (title: ...), then another '---'"
    ]


def test_unclosed_front_matter_is_a_problem() -> None:
    _, _, _, problems = split_front_matter("---\ntitle: x\nBody", "x.md")
    assert [(p.line, p.message) for p in problems] == [
        (1, "front matter is not closed: add a line '---' after the last key")
    ]


@pytest.mark.parametrize(
    ("yaml_lines", "line", "detail"),
    [
        ("title: a: b", 2, "mapping values are not allowed here"),
        ("title: ok\nsummary: ok\nquiz: [a, b", 4, "expected ',' or ']'"),
        ("title: ok\n  bad indent: x", 3, "mapping values are not allowed here"),
        ("title: A\nsummary: x\ntitle: B", 4, "key 'title' is given twice"),
        ('title: "unclosed', 2, "found unexpected end of stream"),
    ],
)
def test_yaml_errors_name_the_line_in_the_file(
    yaml_lines: str, line: int, detail: str
) -> None:
    text = f"---\n{yaml_lines}\n---\nBody\n"
    meta, body, _, problems = split_front_matter(text, "x.md")
    assert meta == {}
    assert body == "Body\n"
    assert len(problems) == 1
    assert problems[0].line == line
    assert problems[0].message.startswith("invalid YAML in the front matter: ")
    assert detail in problems[0].message


@pytest.mark.parametrize("yaml_text", ["- a\n- b", "just text", "42"])
def test_front_matter_must_be_a_mapping(yaml_text: str) -> None:
    _, _, _, problems = split_front_matter(f"---\n{yaml_text}\n---\n", "x.md")
    assert [(p.line, p.message) for p in problems] == [
        (2, "front matter must be 'key: value' lines, like 'title: Welcome'")
    ]


def test_impossible_date_is_a_problem_not_an_exception() -> None:
    _, _, _, problems = split_front_matter("---\ntitle: 2024-13-45\n---\n", "x.md")
    assert len(problems) == 1
    assert problems[0].message.startswith("invalid value in the front matter")


def test_keys_that_are_not_strings_become_strings() -> None:
    meta, _, _, _ = split_front_matter("---\n1: one\n---\n", "x.md")
    assert meta == {"1": "one"}


TEXT = """---
title: Hello
"summary": quoted key
certificate:
  template: default
  validity_days: 0
language: en
---
validity_days: in the body
"""


@pytest.mark.parametrize(
    ("key", "parent", "line"),
    [
        ("title", None, 2),
        ("summary", None, 3),
        ("language", None, 7),
        ("validity_days", "certificate", 6),
        ("template", "certificate", 5),
        ("missing", None, 1),
        ("missing", "certificate", 4),
        ("validity_days", None, 1),  # only nested, so not a top-level key
        ("title", "nowhere", 1),
    ],
)
def test_find_key_line(key: str, parent: str | None, line: int) -> None:
    assert find_key_line(TEXT, key, parent) == line


def test_find_key_line_without_front_matter() -> None:
    assert find_key_line("title: x", "title") == 1
