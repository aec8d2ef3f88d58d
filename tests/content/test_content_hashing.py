"""Content hashes: stable across runs, changed by any change to the text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from lms.content.hashing import canonical_source, digest, lesson_hash
from lms.content.schema import CourseDoc
from tests.content.course_tree import COURSE, load, load_valid

PHONE = "courses/cse/01-basics/02-phone.md"


def hashes(course: CourseDoc) -> dict[str, str]:
    found = {"course": course.content_hash}
    for module in course.modules:
        found[module.slug] = module.content_hash
        for lesson in module.lessons:
            found[f"{module.slug}/{lesson.slug}"] = lesson.content_hash
    return found


def changed_hashes(
    tmp_path: Path, changes: Mapping[str, str | bytes | None]
) -> set[str]:
    before = hashes(load_valid(tmp_path / "before"))
    course, problems = load(tmp_path / "after", changes)
    assert problems == []
    assert course is not None
    after = hashes(course)
    assert after.keys() == before.keys()
    return {name for name in before if before[name] != after[name]}


def test_hashes_are_stable_across_runs_and_folders(tmp_path: Path) -> None:
    first = hashes(load_valid(tmp_path / "a"))
    assert first == hashes(load_valid(tmp_path / "a"))
    assert first == hashes(load_valid(tmp_path / "b"))
    assert len(set(first.values())) == len(first)
    assert all(len(value) == 64 for value in first.values())


def test_hash_of_known_input_does_not_drift() -> None:
    # Pins the format: a change here re-renders every lesson on the next sync.
    assert digest([]) == digest(())
    assert lesson_hash("intro", 1, {"en": "x"}) == lesson_hash("intro", 1, {"en": "x"})
    assert lesson_hash("intro", 1, {"en": "x"}) != lesson_hash("intro", 2, {"en": "x"})
    assert digest(["ab", "c"]) != digest(["a", "bc"])


def test_lesson_body_change_changes_lesson_module_and_course(tmp_path: Path) -> None:
    text = COURSE[PHONE]
    assert isinstance(text, str)
    changed = changed_hashes(tmp_path, {PHONE: text + "More.\n"})
    assert changed == {"course", "basics", "basics/phone"}


def test_front_matter_change_counts(tmp_path: Path) -> None:
    text = COURSE[PHONE]
    assert isinstance(text, str)
    changes = {PHONE: text.replace("estimated_minutes: 10", "estimated_minutes: 11")}
    assert changed_hashes(tmp_path, changes) == {"course", "basics", "basics/phone"}


def test_translation_change_counts(tmp_path: Path) -> None:
    path = "courses/cse/01-basics/01-welcome.de.md"
    text = COURSE[path]
    assert isinstance(text, str)
    changed = changed_hashes(tmp_path, {path: text.replace("Hallo", "Servus")})
    assert changed == {"course", "basics", "basics/welcome"}


def test_module_file_change_leaves_lessons_alone(tmp_path: Path) -> None:
    path = "courses/cse/02-advanced/module.md"
    changes = {path: "---\ntitle: Advanced\nquiz: advanced\n---\nNew intro.\n"}
    assert changed_hashes(tmp_path, changes) == {"course", "advanced"}


def test_course_file_change_changes_only_the_course(tmp_path: Path) -> None:
    path = "courses/cse/course.de.md"
    changes = {path: "---\ntitle: Kundendienst\nsummary: Grundlagen.\n---\n"}
    assert changed_hashes(tmp_path, changes) == {"course"}


def test_yaml_layout_and_comments_do_not_count(tmp_path: Path) -> None:
    changes = {
        PHONE: (
            "---\n# How long it takes\nestimated_minutes:   10\n"
            "title: 'The phone'\n---\n## Greeting\n\n![Smile](assets/smile.png)\n"
        )
    }
    assert changed_hashes(tmp_path, changes) == set()


def test_moving_a_lesson_changes_its_hash(tmp_path: Path) -> None:
    welcome = "courses/cse/01-basics/01-welcome.md"
    welcome_text = COURSE[welcome]
    assert isinstance(welcome_text, str)
    changes: dict[str, str | bytes | None] = {
        PHONE: None,
        "courses/cse/01-basics/03-phone.md": COURSE[PHONE],
        welcome: welcome_text.replace("02-phone.md", "03-phone.md"),
        "courses/cse/01-basics/01-welcome.de.md": "---\ntitle: W\n---\nHallo.\n",
    }
    changed = changed_hashes(tmp_path, changes)
    assert changed == {"course", "basics", "basics/phone", "basics/welcome"}


@pytest.mark.parametrize(
    ("meta", "body", "expected"),
    [
        ({"b": 1, "a": "x"}, "Body", '{"a": "x", "b": 1}\nBody'),
        ({"title": "Grüße"}, "", '{"title": "Grüße"}\n'),
        ({"c": {2: "two"}}, "", '{"c": {"2": "two"}}\n'),
    ],
)
def test_canonical_source(meta: dict[str, object], body: str, expected: str) -> None:
    assert canonical_source(meta, body) == expected
