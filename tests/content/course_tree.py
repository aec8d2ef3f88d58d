"""A small valid course tree that tests copy and change."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lms.content.loader import load_course
from lms.content.schema import CourseDoc, Problem

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
QUIZ_IDS = frozenset({"basics", "advanced", "final"})

COURSE: dict[str, str | bytes] = {
    "courses/cse/course.md": (
        "---\n"
        "title: Customer Service\n"
        "summary: The basics of service.\n"
        "language: en\n"
        "estimated_minutes: 30\n"
        "published: true\n"
        "final_exam: final\n"
        "certificate:\n"
        "  validity_days: 365\n"
        "  template: default\n"
        "---\n"
        "Welcome. Start with [the first lesson](01-basics/01-welcome.md).\n"
    ),
    "courses/cse/course.de.md": (
        "---\ntitle: Kundenservice\nsummary: Grundlagen.\n---\nWillkommen.\n"
    ),
    "courses/cse/assets/logo.png": PNG,
    "courses/cse/01-basics/module.md": (
        "---\ntitle: Basics\nsummary: The basics.\nquiz: basics\n---\nIntro.\n"
    ),
    "courses/cse/01-basics/module.de.md": "---\ntitle: Grundlagen\n---\n",
    "courses/cse/01-basics/assets/smile.png": PNG,
    "courses/cse/01-basics/01-welcome.md": (
        "---\n"
        "title: Welcome\n"
        "estimated_minutes: 5\n"
        "---\n"
        "# Hello\n"
        "\n"
        "See [the phone lesson](02-phone.md#greeting).\n"
        "\n"
        "![Logo](../assets/logo.png)\n"
    ),
    "courses/cse/01-basics/01-welcome.de.md": (
        "---\ntitle: Willkommen\n---\n# Hallo\n\nSiehe [Telefon](02-phone.md).\n"
    ),
    "courses/cse/01-basics/02-phone.md": (
        "---\n"
        "title: The phone\n"
        "estimated_minutes: 10\n"
        "---\n"
        "## Greeting\n"
        "\n"
        "![Smile](assets/smile.png)\n"
    ),
    "courses/cse/02-advanced/module.md": "---\ntitle: Advanced\nquiz: advanced\n---\n",
    "courses/cse/02-advanced/01-complaints.md": (
        "---\n"
        "title: Complaints\n"
        "---\n"
        "Back to [the start](../01-basics/01-welcome.md) or "
        "[the course](../course.md) or [the module](../01-basics/module.md).\n"
        "\n"
        "[Help](https://example.com/help)\n"
    ),
}


def write_tree(root: Path, files: Mapping[str, str | bytes | None]) -> None:
    for relative, content in files.items():
        path = root / relative
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def load(
    root: Path, changes: Mapping[str, str | bytes | None] | None = None
) -> tuple[CourseDoc | None, list[Problem]]:
    """Write the course with `changes` (None deletes a file) and load it."""
    write_tree(root, {**COURSE, **(changes or {})})
    return load_course(root / "courses" / "cse", quiz_ids=QUIZ_IDS)


def load_valid(root: Path) -> CourseDoc:
    course, problems = load(root)
    assert problems == []
    assert course is not None
    return course


C = "courses/cse"
COURSE_MD = f"{C}/course.md"
MODULE = f"{C}/01-basics/module.md"
PHONE = f"{C}/01-basics/02-phone.md"

# name -> (changes to the tree, [(path, line, text the message contains)])
ProblemCases = dict[
    str, tuple[dict[str, str | bytes | None], list[tuple[str, int, str]]]
]


def lesson(front: str = "title: Lesson\n", body: str = "Text.\n") -> str:
    return f"---\n{front}---\n{body}"


def course_md(**changes: str | None) -> str:
    """A course.md with keys replaced (a value of None removes the key)."""
    keys: dict[str, str | None] = {
        "title": "Customer Service",
        "summary": "The basics.",
        "language": "en",
        "estimated_minutes": "30",
        "published": "true",
        "final_exam": "final",
    }
    keys.update(changes)
    lines = [f"{key}: {value}" for key, value in keys.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\nWelcome.\n"


def assert_problems(
    root: Path,
    changes: Mapping[str, str | bytes | None],
    expected: list[tuple[str, int, str]],
) -> None:
    """Loading the changed tree fails with exactly the expected problems, in order."""
    course, problems = load(root, changes)
    assert course is None
    found = [(problem.path, problem.line, problem.message) for problem in problems]
    assert len(found) == len(expected), found
    for (path, line, message), (want_path, want_line, want_text) in zip(
        found, expected, strict=True
    ):
        assert (path, line) == (want_path, want_line), found
        assert want_text in message, found
