"""Learning paths: the pure resolution and covering rules, and the checks of
`paths:` in course.md (each problem at its path:line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.catalog.paths import (
    certificate_covers,
    covers,
    longer_choice,
    resolve_path,
)
from lms.content.schema import LearningPath
from tests.content.course_tree import COURSE, load

CORE = LearningPath(
    id="core", titles={"en": "Core"}, modules=("basics",), final_exam="core-final"
)
FULL = LearningPath(
    id="full",
    titles={"en": "Service staff"},
    modules=("basics", "advanced"),
    final_exam="final",
    departments=("Customer Service",),
)
PATHS = (CORE, FULL)


@pytest.mark.parametrize(
    ("department", "choices", "expected"),
    [
        (None, [], CORE),  # no department, no choice: the first path
        ("Accounting", [None], CORE),
        ("Customer Service", [None], FULL),
        ("customer service", [], FULL),  # the department's name in any case
        (None, ["full"], FULL),  # HR's choice wins over the department
        ("Customer Service", ["core"], CORE),
        ("Accounting", ["gone"], CORE),  # a path the course no longer has
        # Several assignments (everyone + a department): the longest path.
        ("Accounting", ["core", "full"], FULL),
        ("Customer Service", ["core", None], FULL),
    ],
)
def test_resolve_path(
    department: str | None, choices: list[str | None], expected: LearningPath
) -> None:
    assert resolve_path(PATHS, department, choices) is expected


def test_a_course_without_paths_has_no_path() -> None:
    assert resolve_path((), "Customer Service", ["core"]) is None


def test_two_choices_keep_by_department_when_that_is_as_long() -> None:
    assert longer_choice(PATHS, "Customer Service", None, "core") is None
    assert longer_choice(PATHS, "Accounting", None, "full") == "full"
    assert longer_choice(PATHS, "Accounting", "core", None) is None


def test_a_certificate_covers_a_path_whose_modules_it_has() -> None:
    assert covers(FULL, CORE)
    assert not covers(CORE, FULL)
    assert covers(CORE, CORE)
    assert covers(None, FULL)  # earned on the whole course
    assert certificate_covers(PATHS, "full", "Accounting", "core")
    assert not certificate_covers(PATHS, "core", "Customer Service", None)
    assert certificate_covers(PATHS, "core", "Accounting", None)
    assert certificate_covers(PATHS, None, "Customer Service", None)


PATHS_MD = (
    "paths:\n"
    "  - id: core\n"
    "    title: Core\n"
    "    modules: [basics]\n"
    "    final_exam: basics\n"
    "  - id: full\n"
    "    title: Everything\n"
    "    modules: all\n"
    "    departments: [Customer Service]\n"
)


def _course(paths: str, de_titles: str = "") -> dict[str, str | bytes]:
    course_md = str(COURSE["courses/cse/course.md"]).replace(
        "  template: default\n", "  template: default\n" + paths, 1
    )
    course_de = str(COURSE["courses/cse/course.de.md"]).replace(
        "summary: Grundlagen.\n", "summary: Grundlagen.\n" + de_titles, 1
    )
    return {"courses/cse/course.md": course_md, "courses/cse/course.de.md": course_de}


def test_paths_load_with_all_expanded_and_translated_titles(tmp_path: Path) -> None:
    doc, problems = load(
        tmp_path, _course(PATHS_MD, "path_titles: {core: Kern, full: Alles}\n")
    )
    assert problems == []
    assert doc is not None
    core, full = doc.paths
    assert core.modules == ("basics",)
    assert core.final_exam == "basics"
    assert full.modules == ("basics", "advanced")
    assert full.final_exam == "final"
    assert full.title("de", "en") == "Alles"
    assert core.title("fr", "en") == "Core"


def test_a_course_without_paths_loads_as_before(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, {})
    assert problems == []
    assert doc is not None
    assert doc.paths == ()


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "modules: [basics]",
            "modules: [basics, phone]",
            14,
            "'phone' is not a module",
        ),
        ("final_exam: basics", "final_exam: nope", 15, "'nope' is not a question bank"),
        ("id: full", "id: core", 16, "path id 'core' is given twice"),
        ("modules: [basics]", "modules: []", 14, "'modules' must be a list"),
        (
            "final_exam: basics\n",
            "final_exam: basics\n    departments: [customer service]\n",
            20,
            "department 'Customer Service' is listed in paths 'core' and 'full'",
        ),
        ("title: Core", "titel: Core", 13, "unknown key 'titel'"),
    ],
)
def test_path_problems_name_the_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    _doc, problems = load(tmp_path, _course(PATHS_MD.replace(old, new, 1)))
    found = [p for p in problems if message in p.message]
    assert found, [str(p) for p in problems]
    assert found[0].path == "courses/cse/course.md"
    assert found[0].line == line


def test_path_titles_naming_an_unknown_path(tmp_path: Path) -> None:
    _doc, problems = load(tmp_path, _course(PATHS_MD, "path_titles:\n  servce: X\n"))
    assert [str(p) for p in problems] == [
        "courses/cse/course.de.md:5: path_titles names 'servce', which is not a "
        "path in course.md (paths: core, full)"
    ]
