"""Learning objectives: checked in the lesson files, shown at the top of the lesson."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.content.course_tree import PHONE, C, ProblemCases, assert_problems, load

WELCOME = f"{C}/01-basics/01-welcome.md"
WELCOME_DE = f"{C}/01-basics/01-welcome.de.md"
TWO = "objectives:\n  - greet a caller by name\n  - say what you will do next\n"
TWO_DE = (
    "objectives:\n  - einen Anrufer mit Namen begrüßen\n"
    "  - sagen, was Sie als Nächstes tun\n"
)


def lesson(front: str, body: str = "Text.\n") -> str:
    return f"---\ntitle: Welcome\n{front}---\n{body}"


def de(front: str) -> str:
    return f"---\ntitle: Willkommen\n{front}---\nText.\n"


CASES: ProblemCases = {
    "not a list": (
        {PHONE: lesson("objectives: greet the caller\n")},
        [(PHONE, 3, "'objectives' must be a list of 1 to 3 phrases")],
    ),
    "more than three": (
        {PHONE: lesson("objectives:\n  - a\n  - b\n  - c\n  - d\n")},
        [(PHONE, 3, "'objectives' must list 1 to 3 phrases, not 4")],
    ),
    "empty list": (
        {PHONE: lesson("objectives: []\n")},
        [(PHONE, 3, "'objectives' must list 1 to 3 phrases, not 0")],
    ),
    "empty item": (
        {PHONE: lesson("objectives:\n  - greet\n  - ''\n")},
        [(PHONE, 5, "objective 2 is empty")],
    ),
    "item not text": (
        {PHONE: lesson("objectives:\n  - {a: b}\n")},
        [(PHONE, 4, "objective 1 must be text")],
    ),
    "item too long": (
        {PHONE: lesson(f"objectives:\n  - {'x' * 201}\n")},
        [(PHONE, 4, "objective 1 is 201 characters long; at most 200")],
    ),
    "translation with fewer items": (
        {
            WELCOME: lesson(TWO),
            WELCOME_DE: de("objectives:\n  - einen Anrufer begrüßen\n"),
        },
        [(WELCOME_DE, 3, "lists 1 objective(s) but the original lesson has 2")],
    ),
    "translation without objectives": (
        {WELCOME: lesson(TWO), WELCOME_DE: de("")},
        [(WELCOME_DE, 1, "missing 'objectives': the original lesson has 2")],
    ),
    "translation with objectives the original lacks": (
        {WELCOME: lesson(""), WELCOME_DE: de(TWO_DE)},
        [(WELCOME_DE, 3, "the original lesson has no 'objectives'")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_objective_problems_have_path_and_line(tmp_path: Path, case: str) -> None:
    changes, expected = CASES[case]
    assert_problems(tmp_path, changes, expected)


def test_objectives_load_in_each_language(tmp_path: Path) -> None:
    course, problems = load(tmp_path, {WELCOME: lesson(TWO), WELCOME_DE: de(TWO_DE)})
    assert problems == []
    assert course is not None
    welcome = course.modules[0].lessons[0]
    assert welcome.text("en").objectives == (
        "greet a caller by name",
        "say what you will do next",
    )
    assert welcome.text("de").objectives[0] == "einen Anrufer mit Namen begrüßen"


def test_changing_an_objective_changes_the_content_hash(tmp_path: Path) -> None:
    before, _ = load(tmp_path, {WELCOME: lesson(TWO), WELCOME_DE: de(TWO_DE)})
    changed = TWO.replace("by name", "by their name")
    after, _ = load(tmp_path, {WELCOME: lesson(changed), WELCOME_DE: de(TWO_DE)})
    assert before is not None
    assert after is not None
    first, second = before.modules[0].lessons[0], after.modules[0].lessons[0]
    assert first.content_hash != second.content_hash


def test_lesson_page_shows_objectives_in_the_readers_language(
    client: Any, auth: Any, sync: Any
) -> None:
    report = sync({WELCOME: lesson(TWO), WELCOME_DE: de(TWO_DE)})
    assert report.ok, report.lines
    auth.login()
    html = client.get("/courses/cse/basics/welcome").get_data(as_text=True)
    assert '<section class="objectives" aria-labelledby="objectives-title">' in html
    assert '<h2 id="objectives-title"' in html
    assert "After this lesson you can</h2>" in html
    assert "<li>greet a caller by name</li><li>say what you will do next</li>" in html
    auth.logout()
    auth.login(language="de")
    html = client.get("/courses/cse/basics/welcome").get_data(as_text=True)
    assert "Nach dieser Lektion können Sie</h2>" in html
    assert "<li>einen Anrufer mit Namen begrüßen</li>" in html
    # A lesson without objectives has no empty section.
    html = client.get("/courses/cse/basics/phone").get_data(as_text=True)
    assert "objectives-title" not in html


def test_author_preview_shows_objectives(
    client: Any, auth: Any, content_root: Path
) -> None:
    from tests.content.course_tree import write_tree

    write_tree(content_root, {WELCOME: lesson(TWO), WELCOME_DE: de(TWO_DE)})
    auth.login("author")
    html = client.get("/author/preview/cse/basics/welcome").get_data(as_text=True)
    assert "After this lesson you can" in html
    assert "<li>greet a caller by name</li>" in html
