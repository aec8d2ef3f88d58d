"""Loader checks of front matter and text: one problem per mistake, with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content.course_tree import (
    COURSE_MD,
    MODULE,
    PHONE,
    C,
    ProblemCases,
    assert_problems,
    course_md,
    lesson,
    load,
)

# (changes to the tree, [(path, line, text the message contains)])
CASES: ProblemCases = {
    "invalid yaml": (
        {PHONE: lesson("title: Phone\nestimated_minutes: 5: 6\n")},
        [(PHONE, 3, "invalid YAML in the front matter: mapping values are not")],
    ),
    "duplicate yaml key": (
        {PHONE: lesson("title: A\nestimated_minutes: 5\ntitle: B\n")},
        [(PHONE, 4, "invalid YAML in the front matter: key 'title' is given twice")],
    ),
    "missing front matter": (
        {PHONE: "# Phone\n\nText.\n"},
        [(PHONE, 1, "missing front matter")],
    ),
    "unknown course key": (
        {COURSE_MD: course_md(author="me")},
        [(COURSE_MD, 8, "unknown key 'author'. Allowed keys: certificate, completion")],
    ),
    "unknown module key": (
        {MODULE: "---\ntitle: B\nquizz: basics\n---\n"},
        [(MODULE, 3, "unknown key 'quizz'. Did you mean 'quiz'? Allowed keys: ")],
    ),
    "unknown lesson key": (
        {PHONE: lesson("title: P\nsummary: not for lessons\n")},
        [(PHONE, 3, "unknown key 'summary'. Allowed keys: estimated_minutes, objec")],
    ),
    "unknown certificate key": (
        {COURSE_MD: course_md(certificate="\n  valid_days: 3")},
        [(COURSE_MD, 9, "unknown key 'certificate.valid_days'. Allowed keys under")],
    ),
    "key not allowed in translation": (
        {f"{C}/01-basics/01-welcome.de.md": lesson("title: W\nestimated_minutes: 5\n")},
        [
            (
                f"{C}/01-basics/01-welcome.de.md",
                3,
                "key 'estimated_minutes' is not allowed in a translation; it may "
                "only have objectives, title, the rest comes from the original",
            )
        ],
    ),
    "summary not allowed in lesson translation": (
        {f"{C}/01-basics/01-welcome.de.md": lesson("title: W\nsummary: S\n")},
        [(f"{C}/01-basics/01-welcome.de.md", 3, "key 'summary' is not allowed")],
    ),
    "missing course title": (
        {COURSE_MD: course_md(title=None)},
        [(COURSE_MD, 1, "missing required key 'title'")],
    ),
    "missing course summary": (
        {COURSE_MD: course_md(summary=None)},
        [(COURSE_MD, 1, "missing required key 'summary'")],
    ),
    "missing course language": (
        {COURSE_MD: course_md(language=None)},
        [(COURSE_MD, 1, "missing required key 'language'")],
    ),
    "missing module title": (
        {MODULE: "---\nsummary: S\n---\n"},
        [(MODULE, 1, "missing required key 'title'")],
    ),
    "missing lesson title": (
        {PHONE: lesson("estimated_minutes: 3\n")},
        [(PHONE, 1, "missing required key 'title'")],
    ),
    "missing translation title": (
        {f"{C}/course.de.md": "---\nsummary: S\n---\n"},
        [(f"{C}/course.de.md", 1, "missing required key 'title'")],
    ),
    "empty title": (
        {PHONE: lesson("title: ''\n")},
        [(PHONE, 2, "'title' is empty")],
    ),
    "title not text": (
        {PHONE: lesson("title: 1984\n")},
        [(PHONE, 2, "'title' must be text, not '1984'; put the text in quotes")],
    ),
    "title is a date": (
        {PHONE: lesson("title: 2024-01-31\n")},
        [(PHONE, 2, "'title' must be text, not the date 2024-01-31")],
    ),
    "minutes zero": (
        {PHONE: lesson("title: P\nestimated_minutes: 0\n")},
        [(PHONE, 3, "'estimated_minutes' must be a whole number above 0, not '0'")],
    ),
    "minutes text": (
        {PHONE: lesson("title: P\nestimated_minutes: ten\n")},
        [(PHONE, 3, "'estimated_minutes' must be a whole number above 0, not 'ten'")],
    ),
    "minutes fraction": (
        {PHONE: lesson("title: P\nestimated_minutes: 2.5\n")},
        [(PHONE, 3, "must be a whole number above 0, not '2.5'")],
    ),
    "minutes boolean": (
        {PHONE: lesson("title: P\nestimated_minutes: true\n")},
        [(PHONE, 3, "must be a whole number above 0, not 'true'")],
    ),
    "course minutes negative": (
        {COURSE_MD: course_md(estimated_minutes="-5")},
        [(COURSE_MD, 5, "'estimated_minutes' must be a whole number above 0")],
    ),
    "published not boolean": (
        {COURSE_MD: course_md(published="maybe")},
        [(COURSE_MD, 6, "'published' must be true or false, not 'maybe'")],
    ),
    "validity days zero": (
        {COURSE_MD: course_md(certificate="\n  validity_days: 0")},
        [(COURSE_MD, 9, "'certificate.validity_days' must be a whole number above")],
    ),
    "validity days text": (
        {COURSE_MD: course_md(certificate="\n  validity_days: a year")},
        [(COURSE_MD, 9, "must be a whole number above 0, not 'a year'")],
    ),
    "certificate not a mapping": (
        {COURSE_MD: course_md(certificate="yearly")},
        [(COURSE_MD, 8, "'certificate' must have indented keys below it")],
    ),
    "certificate template path": (
        {COURSE_MD: course_md(certificate="\n  template: ../../etc/x")},
        [(COURSE_MD, 9, "'certificate.template' must be a template name")],
    ),
    "unknown module quiz": (
        {MODULE: "---\ntitle: B\nquiz: basix\n---\n"},
        [
            (
                MODULE,
                3,
                "quiz 'basix' is not a question bank in quizzes/cse/ (banks there: "
                "advanced, basics, final)",
            )
        ],
    ),
    "unknown final exam": (
        {COURSE_MD: course_md(final_exam="exam")},
        [(COURSE_MD, 7, "final_exam 'exam' is not a question bank in quizzes/cse/")],
    ),
    "final exam gate not a list": (
        {COURSE_MD: course_md(final_exam_after="yes")},
        [(COURSE_MD, 8, "'final_exam_after' must be a list of 'lessons' and 'mod")],
    ),
    "final exam gate names an unknown part": (
        {COURSE_MD: course_md(final_exam_after="[lessons, quizzes]")},
        [
            (
                COURSE_MD,
                8,
                "'final_exam_after' may only name 'lessons' and 'module_quizzes', "
                "not 'quizzes'",
            )
        ],
    ),
    "final exam gate names a part twice": (
        {COURSE_MD: course_md(final_exam_after="[lessons, lessons]")},
        [(COURSE_MD, 8, "'final_exam_after' names a part twice")],
    ),
    "final exam gate without a final exam": (
        {COURSE_MD: course_md(final_exam=None, final_exam_after="[lessons]")},
        [(COURSE_MD, 7, "'final_exam_after' needs a final exam: set 'final_exam'")],
    ),
    "unsupported course language": (
        {COURSE_MD: course_md(language="fr")},
        [(COURSE_MD, 4, "language 'fr' is not supported; use one of: en, de")],
    ),
    "empty lesson body": (
        {PHONE: lesson(body="\n   \n")},
        [(PHONE, 3, "the lesson has no text below the front matter")],
    ),
    "lesson with front matter only": (
        {PHONE: "---\ntitle: P\n---"},
        [(PHONE, 3, "the lesson has no text below the front matter")],
    ),
    "empty translation body": (
        {f"{C}/01-basics/01-welcome.de.md": lesson("title: W\n", "")},
        [(f"{C}/01-basics/01-welcome.de.md", 3, "the lesson has no text")],
    ),
    "nesting too deep": (
        {PHONE: lesson(body="Text\n\n" + "- " * 2000 + "x\n")},
        [(PHONE, 4, "lists or quotes are nested too deeply to render")],
    ),
    "recursive yaml alias": (
        {PHONE: lesson("title: P\nestimated_minutes: &a [*a]\n")},
        [(PHONE, 3, "'estimated_minutes' must be a whole number above 0, not a")],
    ),
    "not utf-8": (
        {PHONE: b"---\ntitle: P\n---\nline\ncaf\xe9\n"},
        [(PHONE, 5, "the file is not UTF-8 text (byte 25); save it as UTF-8")],
    ),
}


@pytest.mark.parametrize(("changes", "expected"), list(CASES.values()), ids=list(CASES))
def test_problem(
    tmp_path: Path,
    changes: dict[str, str | bytes | None],
    expected: list[tuple[str, int, str]],
) -> None:
    assert_problems(tmp_path, changes, expected)


def test_problem_str_is_path_line_message(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {PHONE: lesson("title: P\nestimated_minutes: 0\n")})
    assert [str(problem) for problem in problems] == [
        f"{PHONE}:3: 'estimated_minutes' must be a whole number above 0, not '0'"
    ]


def test_typo_in_a_required_key_reports_both_sides(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {PHONE: lesson("titel: Phone\n")})
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown key 'titel'. Did you mean 'title'? Allowed keys: "
         "estimated_minutes, objectives, title"),
        (1, "missing required key 'title'"),
    ]  # fmt: skip


def test_one_run_reports_many_problems(tmp_path: Path) -> None:
    course, problems = load(
        tmp_path,
        {
            COURSE_MD: course_md(published="sometimes", final_exam="nope"),
            MODULE: "---\ntitle: B\nquiz: [1\n---\n",
            PHONE: lesson(
                "title: P\nestimated_minutes: -1\ncolour: red\n",
                "![x](assets/none.png)\n\n[y](../../../secret.md)\n",
            ),
            f"{C}/01-basics/03-orphan.de.md": lesson(),
            f"{C}/02-advanced/07-basics.fr.md": lesson(),
            f"{C}/04-advanced/module.md": "---\ntitle: Again\n---\n",
        },
    )
    assert course is None
    assert sorted(str(problem).split(": ")[0] for problem in problems) == sorted(
        [
            f"{C}/02-advanced/07-basics.fr.md:1",
            f"{C}/01-basics/03-orphan.de.md:1",
            f"{C}/04-advanced:1",
            f"{COURSE_MD}:7",  # final_exam
            f"{COURSE_MD}:6",  # published
            f"{MODULE}:3",  # YAML
            f"{PHONE}:4",  # unknown key colour
            f"{PHONE}:3",  # minutes
            f"{PHONE}:6",  # image
            f"{PHONE}:8",  # escaping link
        ]
    )


def test_unreadable_file_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_bytes = Path.read_bytes

    def refuse_phone(path: Path) -> bytes:
        if path.name == "02-phone.md":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_phone)
    _, problems = load(tmp_path)
    assert [str(problem) for problem in problems] == [
        f"{PHONE}:1: cannot read the file: Permission denied"
    ]
