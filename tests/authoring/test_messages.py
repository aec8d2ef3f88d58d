"""Problems say what is wrong and what to do, in the author's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lms.content.frontmatter import split_front_matter
from lms.content.rules.markup import markup_problems
from tests.content.course_tree import write_tree

PHONE_FILE = "courses/cse/01-basics/02-phone.md"
PHONE_DE = "courses/cse/01-basics/02-phone.de.md"


def test_unquoted_colon_gets_a_hint_to_quote_the_title() -> None:
    text = "---\ntitle: Quick recap: who is the customer?\n---\nText.\n"
    problems = split_front_matter(text, "x.md")[3]
    assert problems[0].line == 2
    assert 'put the value in quotes, like title: "..."' in problems[0].message


def test_tab_indentation_gets_a_hint() -> None:
    problems = split_front_matter("---\ntitle: A\n\tsummary: B\n---\n", "x.md")[3]
    assert problems[0].line == 3
    assert "Indent with spaces, not tabs" in problems[0].message


def test_unknown_admonition_types_and_attributes_are_reported() -> None:
    body = (
        '!!! warnung "Achtung"\n    Text.\n\n```\n!!! code\n```\n## H {: style="x" }\n'
    )
    found = markup_problems(body, 4)
    assert [line for line, _ in found] == [4, 10]
    assert "warnung" in found[0][1]
    assert "style" in found[1][1]


def test_author_page_explains_in_german_with_excerpt(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(
        content_root,
        {PHONE_FILE: "---\ntitle: Quick recap: who is the customer?\n---\nText.\n"},
    )
    auth.login("author", language="de")
    html = client.get("/author/").get_data(as_text=True)
    assert f"{PHONE_FILE}:2" in html
    assert "Setzen Sie den Wert in Anführungszeichen" in html
    assert "title: Quick recap: who is the customer?" in html  # the excerpt


def test_unknown_admonition_shows_on_the_author_page(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(
        content_root,
        {PHONE_FILE: '---\ntitle: Phone\n---\n!!! warnung "Hm"\n    Text.\n'},
    )
    auth.login("author")
    html = client.get("/author/").get_data(as_text=True)
    assert f"{PHONE_FILE}:4" in html
    assert "Unknown admonition type &#39;warnung&#39;" in html


def test_missing_translation_is_a_warning_listing_the_files(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(content_root, {PHONE_DE: None})
    auth.login("author")
    html = client.get("/author/").get_data(as_text=True)
    assert "Not translated into &#39;de&#39;" in html
    assert PHONE_FILE in html
    assert "No problems found." in html  # a warning, not a problem


def test_author_page_links_the_authoring_guide(
    client: Any, auth: Any, content_root: Path
) -> None:
    auth.login("author")
    html = client.get("/author/").get_data(as_text=True)
    assert 'href="/author/help"' in html
    guide = client.get("/author/help").get_data(as_text=True)
    assert "Writing courses and quizzes" in guide
    assert 'id="names-order-and-slugs"' in guide
