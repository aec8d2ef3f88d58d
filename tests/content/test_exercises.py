"""Exercise blocks: parsing, the author's mistakes with path:line, translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.exercises.model import split_html
from lms.content.exercises.parse import exercise_key, split_exercises
from lms.content.render import render_markdown
from tests.content.course_tree import (
    PHONE,
    C,
    ProblemCases,
    assert_problems,
    lesson,
    load,
)

PHONE_DE = f"{C}/01-basics/02-phone.de.md"

TEXT_EXERCISE = (
    "/// exercise | Read the scene\n"
    "A customer waits while the agent keeps typing.\n"
    "\n"
    "What should the agent do?\n"
    "/// answer\n"
    "Stop typing and **look up**.\n"
    "///\n"
)
CHOICE_EXERCISE = (
    "/// exercise | Pick a greeting\n"
    "Which greeting fits best?\n"
    "\n"
    "( ) Hello, how can I help?\n"
    "( ) What do you want?\n"
    "( ) Next!\n"
    "/// answer\n"
    "The first: it is open and friendly.\n"
    "///\n"
)
BODY = f"## Greeting\n\nIntro.\n\n{TEXT_EXERCISE}\nMiddle.\n\n{CHOICE_EXERCISE}"


def test_a_body_splits_into_text_and_choice_exercises() -> None:
    split = split_exercises(BODY)
    assert split.problems == ()
    text, choice = split.exercises
    assert (text.key, text.title, text.kind, text.options) == (
        "read-the-scene",
        "Read the scene",
        "text",
        (),
    )
    assert text.prompt == (
        "A customer waits while the agent keeps typing.\n\nWhat should the agent do?"
    )
    assert text.answer == "Stop typing and **look up**."
    assert (text.line, choice.line) == (5, 15)
    assert choice.kind == "choice"
    assert choice.options == ("Hello, how can I help?", "What do you want?", "Next!")
    assert choice.prompt == "Which greeting fits best?"
    html = render_markdown(split.markdown).html
    assert "look up" not in html
    assert "Which greeting" not in html
    parts = split_html(html)
    assert [part for part in parts if isinstance(part, int)] == [0, 1]
    assert "<p>Middle.</p>" in "".join(p for p in parts if isinstance(p, str))


def test_markers_inside_a_code_fence_are_text() -> None:
    split = split_exercises("```\n/// exercise | Shown\n///\n```\n")
    assert (split.exercises, split.problems) == ((), ())
    assert "/// exercise | Shown" in split.markdown


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Read the scene", "read-the-scene"),
        ("What's next? (2)", "what-s-next-2"),
        ("Café à la carte", "cafe-a-la-carte"),
    ],
)
def test_key_is_a_slug_of_the_title(title: str, key: str) -> None:
    assert exercise_key(title) == key


def _lesson(body: str) -> dict[str, str | bytes | None]:
    return {PHONE: lesson("title: The phone\n", body)}


def _option_lines(count: int) -> str:
    return "".join(f"( ) Option {n}\n" for n in range(count))


# Lines: the front matter `---\ntitle: ...\n---\n` takes 3, so body line n is n + 3.
CASES: ProblemCases = {
    "not closed": (
        _lesson("Intro.\n\n/// exercise | Open\nTask.\n/// answer\nAnswer.\n"),
        [(PHONE, 6, "exercise 'Open' is not closed: end it with a line '///'")],
    ),
    "answer missing": (
        _lesson("/// exercise | No answer\nTask.\n///\n"),
        [(PHONE, 4, "exercise 'No answer' has no '/// answer' line")],
    ),
    "answer twice": (
        _lesson("/// exercise | Twice\nTask.\n/// answer\nA.\n/// answer\nB.\n///\n"),
        [(PHONE, 8, "exercise 'Twice' has a second '/// answer' line (the first")],
    ),
    "empty title": (
        _lesson("/// exercise |  \nTask.\n/// answer\nA.\n///\n"),
        [(PHONE, 4, "'/// exercise' needs a title after '|'")],
    ),
    "title without bar": (
        _lesson("/// exercise Read\nTask.\n/// answer\nA.\n///\n"),
        [(PHONE, 4, "'/// exercise' needs a title after '|'")],
    ),
    "empty prompt": (
        _lesson("/// exercise | Silent\n\n/// answer\nA.\n///\n"),
        [(PHONE, 5, "exercise 'Silent' asks nothing: write the task")],
    ),
    "empty answer": (
        _lesson("/// exercise | Blank\nTask.\n/// answer\n\n///\n"),
        [(PHONE, 6, "exercise 'Blank' has no model answer after '/// answer'")],
    ),
    "one option": (
        _lesson(f"/// exercise | One\nPick.\n{_option_lines(1)}/// answer\nA.\n///\n"),
        [(PHONE, 6, "exercise 'One' has 1 option line(s) '( ) ...'; a choice")],
    ),
    "seven options": (
        _lesson(f"/// exercise | Many\nPick.\n{_option_lines(7)}/// answer\nA.\n///\n"),
        [(PHONE, 6, "exercise 'Many' has 7 option line(s) '( ) ...'; a choice")],
    ),
    "options apart": (
        _lesson("/// exercise | Apart\nPick.\n( ) A\n\n( ) B\n/// answer\nA.\n///\n"),
        [(PHONE, 6, "the options of exercise 'Apart' must stand together")],
    ),
    "option marked right": (
        _lesson("/// exercise | Marked\nPick.\n(x) A\n( ) B\n/// answer\nA.\n///\n"),
        [(PHONE, 6, "mark no option of exercise 'Marked' as right")],
    ),
    "duplicate titles": (
        _lesson(
            "/// exercise | Same\nT.\n/// answer\nA.\n///\n\n"
            "/// exercise | Same\nT.\n/// answer\nA.\n///\n"
        ),
        [(PHONE, 10, "exercise 'Same' has the same title as the exercise on line 4")],
    ),
    "nested": (
        _lesson(
            "/// exercise | Outer\nT.\n/// exercise | Inner\n/// answer\nA.\n///\n"
        ),
        [(PHONE, 6, "'/// exercise' inside exercise 'Outer' (line 4): close it")],
    ),
    "stray answer": (
        _lesson("Text.\n/// answer\nMore.\n"),
        [(PHONE, 5, "'/// answer' outside an exercise")],
    ),
    "stray close": (
        _lesson("Text.\n\n///\n"),
        [(PHONE, 6, "'///' closes nothing: no exercise is open here")],
    ),
    "unknown block": (
        _lesson("/// excercise | Typo\n"),
        [(PHONE, 4, "unknown block '/// excercise | Typo'; an exercise starts")],
    ),
    "indented opening": (
        _lesson("- item\n\n    /// exercise | Indented\n"),
        [(PHONE, 6, "'/// exercise' must start at the beginning of its line")],
    ),
    "translation has fewer exercises": (
        {
            **_lesson(f"Intro.\n\n{TEXT_EXERCISE}"),
            PHONE_DE: lesson("title: Das Telefon\n", "Nur Text.\n"),
        },
        [(PHONE_DE, 4, "the translation has 0 exercise(s), the original 1")],
    ),
    "translation has more exercises": (
        {
            **_lesson(f"Intro.\n\n{TEXT_EXERCISE}"),
            PHONE_DE: lesson(
                "title: Das Telefon\n",
                "/// exercise | Eins\nT.\n/// answer\nA.\n///\n\n"
                "/// exercise | Zwei\nT.\n/// answer\nA.\n///\n",
            ),
        },
        [(PHONE_DE, 10, "the translation has 2 exercise(s), the original 1")],
    ),
    "translation of another kind": (
        {
            **_lesson(TEXT_EXERCISE),
            PHONE_DE: lesson(
                "title: Das Telefon\n",
                "/// exercise | Szene\nT.\n( ) A\n( ) B\n/// answer\nA.\n///\n",
            ),
        },
        [
            (
                PHONE_DE,
                4,
                "exercise 1 ('Szene') is a choice exercise here but a text "
                "exercise in the original ('Read the scene')",
            )
        ],
    ),
    "translation with other option count": (
        {
            **_lesson(CHOICE_EXERCISE),
            PHONE_DE: lesson(
                "title: Das Telefon\n",
                "/// exercise | Gruß\nT.\n( ) A\n( ) B\n/// answer\nA.\n///\n",
            ),
        },
        [(PHONE_DE, 4, "exercise 1 ('Gruß') has 2 options here but 3 in the orig")],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_exercise_problems_name_file_and_line(tmp_path: Path, case: str) -> None:
    changes, expected = CASES[case]
    assert_problems(tmp_path, changes, expected)


def test_translation_exercises_take_the_original_keys(tmp_path: Path) -> None:
    course, problems = load(
        tmp_path,
        {
            **_lesson(f"{TEXT_EXERCISE}\n{CHOICE_EXERCISE}"),
            PHONE_DE: lesson(
                "title: Das Telefon\n",
                "/// exercise | Die Szene lesen\nWas tun?\n/// answer\nAufschauen.\n"
                "///\n\n/// exercise | Eine Begrüßung wählen\nWelche?\n\n"
                "( ) Hallo\n( ) Was?\n( ) Nächste!\n/// answer\nDie erste.\n///\n",
            ),
        },
    )
    assert problems == []
    assert course is not None
    phone = course.modules[0].lessons[1]
    english, german = phone.texts["en"].exercises, phone.texts["de"].exercises
    assert [e.key for e in german] == [e.key for e in english]
    assert [e.key for e in english] == ["read-the-scene", "pick-a-greeting"]
    assert german[0].title == "Die Szene lesen"
    assert german[1].options == ("Hallo", "Was?", "Nächste!")
    assert english[0].answer_html == "<p>Stop typing and <strong>look up</strong>.</p>"
    assert "look up" not in phone.texts["en"].html
    assert 'id="exercise-slot-1"' in phone.texts["en"].html


def test_exercise_links_are_checked_and_resolved(tmp_path: Path) -> None:
    body = (
        "/// exercise | Links\nSee [welcome](01-welcome.md).\n/// answer\n"
        "![Smile](assets/smile.png) and [gone](09-gone.md)\n///\n"
    )
    course, problems = load(tmp_path, _lesson(body))
    assert course is None
    assert [(p.path, p.line) for p in problems] == [(PHONE, 7)]
    assert "link '09-gone.md' points to a lesson that does not exist" in str(
        problems[0]
    )
