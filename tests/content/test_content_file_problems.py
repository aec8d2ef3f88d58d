"""Loader checks of names, folders, translations and links, with their lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lms.content.loader import load_course
from tests.content.course_tree import (
    COURSE,
    COURSE_MD,
    PHONE,
    PNG,
    QUIZ_IDS,
    C,
    ProblemCases,
    assert_problems,
    course_md,
    lesson,
    load,
    write_tree,
)

# (changes to the tree, [(path, line, text the message contains)])
CASES: ProblemCases = {
    "duplicate module slug": (
        {f"{C}/03-basics/module.md": "---\ntitle: Again\n---\n"},
        [
            (
                f"{C}/03-basics",
                1,
                "duplicate module slug 'basics': '01-basics' has it too; slugs "
                "must be unique",
            )
        ],
    ),
    "duplicate lesson slug": (
        {f"{C}/01-basics/03-welcome.md": lesson()},
        [(f"{C}/01-basics/03-welcome.md", 1, "duplicate lesson slug 'welcome'")],
    ),
    "module folder without prefix": (
        {f"{C}/extras/module.md": "---\ntitle: E\n---\n"},
        [(f"{C}/extras", 1, "folder name 'extras' must be a two-digit prefix")],
    ),
    "module folder one digit": (
        {f"{C}/3-extras/module.md": "---\ntitle: E\n---\n"},
        [(f"{C}/3-extras", 1, "folder name '3-extras' must be a two-digit prefix")],
    ),
    "lesson name uppercase": (
        {f"{C}/01-basics/03-Intro.md": lesson()},
        [(f"{C}/01-basics/03-Intro.md", 1, "file name '03-Intro.md' must be a two")],
    ),
    "lesson name underscore": (
        {f"{C}/01-basics/03_intro.md": lesson()},
        [(f"{C}/01-basics/03_intro.md", 1, "file name '03_intro.md' must be")],
    ),
    "lesson name double dash": (
        {f"{C}/01-basics/03-a--b.md": lesson()},
        [(f"{C}/01-basics/03-a--b.md", 1, "file name '03-a--b.md' must be")],
    ),
    "link to missing lesson": (
        {PHONE: lesson(body="Intro.\n\nSee [this](03-missing.md).\n")},
        [
            (
                PHONE,
                6,
                "link '03-missing.md' points to a lesson that does not exist "
                f"({C}/01-basics/03-missing.md)",
            )
        ],
    ),
    "link with anchor to missing lesson": (
        {PHONE: lesson(body="[x](../02-advanced/02-nope.md#part)\n")},
        [(PHONE, 4, "link '../02-advanced/02-nope.md#part' points to a lesson")],
    ),
    "link to lesson in wrong module": (
        {PHONE: lesson(body="ok\n\n[x](01-complaints.md)\n")},
        [(PHONE, 6, "link '01-complaints.md' points to a lesson that does not")],
    ),
    "reference style link": (
        {PHONE: lesson(body="See [it][ref].\n\n[ref]: 09-gone.md\n")},
        [(PHONE, 6, "link '09-gone.md' points to a lesson that does not exist")],
    ),
    "raw html link": (
        {PHONE: lesson(body='<a href="09-gone.md">x</a>\n')},
        [(PHONE, 4, "link '09-gone.md' points to a lesson that does not exist")],
    ),
    "missing image": (
        {PHONE: lesson(body="Text\n![Pic](assets/nope.png)\n")},
        [
            (
                PHONE,
                5,
                f"file not found: 'assets/nope.png' ({C}/01-basics/assets/nope.png)",
            )
        ],
    ),
    "missing download": (
        {COURSE_MD: course_md() + "\n[Form](assets/form.pdf)\n"},
        [(COURSE_MD, 11, "file not found: 'assets/form.pdf'")],
    ),
    "image escaping the course": (
        {PHONE: lesson(body="![x](../../../etc/passwd)\n")},
        [(PHONE, 4, f"link '../../../etc/passwd' leaves the course folder {C}/")],
    ),
    "link to another course": (
        {PHONE: lesson(body="[x](../../other/01-m/01-l.md)\n")},
        [(PHONE, 4, "link '../../other/01-m/01-l.md' leaves the course folder")],
    ),
    "file outside assets": (
        {
            f"{C}/.drafts/pic.png": PNG,
            PHONE: lesson(body="![x](../.drafts/pic.png)\n"),
        },
        [(PHONE, 4, "'../.drafts/pic.png' is not in an assets/ folder")],
    ),
    "lesson translation without original": (
        {f"{C}/01-basics/03-extra.de.md": lesson()},
        [
            (
                f"{C}/01-basics/03-extra.de.md",
                1,
                "translation without an original: there is no '03-extra.md' next to it",
            )
        ],
    ),
    "module translation without original": (
        {f"{C}/03-more/module.de.md": "---\ntitle: Mehr\n---\n"},
        [(f"{C}/03-more/module.de.md", 1, "there is no 'module.md' next to it")],
    ),
    "course translation without original": (
        {COURSE_MD: None, f"{C}/02-advanced/01-complaints.md": lesson()},
        [(f"{C}/course.de.md", 1, "there is no 'course.md' next to it")],
    ),
    "unsupported translation language": (
        {f"{C}/01-basics/02-phone.fr.md": lesson()},
        [(f"{C}/01-basics/02-phone.fr.md", 1, "language 'fr' is not supported")],
    ),
    "malformed language suffix": (
        {f"{C}/01-basics/02-phone.deu.md": lesson()},
        [(f"{C}/01-basics/02-phone.deu.md", 1, "must be a two-letter language code")],
    ),
    "translation into the course language": (
        {f"{C}/01-basics/02-phone.en.md": lesson()},
        [(f"{C}/01-basics/02-phone.en.md", 1, "translation into the course language")],
    ),
    "stray file in module": (
        {f"{C}/01-basics/notes.txt": "x"},
        [(f"{C}/01-basics/notes.txt", 1, "unexpected file 'notes.txt': put images")],
    ),
    "stray folder in module": (
        {f"{C}/01-basics/images/a.png": PNG},
        [(f"{C}/01-basics/images", 1, "unexpected folder 'images' in a module")],
    ),
    "lesson in course folder": (
        {f"{C}/01-intro.md": lesson()},
        [(f"{C}/01-intro.md", 1, "unexpected file '01-intro.md' in the course")],
    ),
    "missing module.md": (
        {f"{C}/03-more/01-a.md": lesson()},
        [(f"{C}/03-more/module.md", 1, "missing module.md: every module needs one")],
    ),
}


@pytest.mark.parametrize(("changes", "expected"), list(CASES.values()), ids=list(CASES))
def test_problem(
    tmp_path: Path,
    changes: dict[str, str | bytes | None],
    expected: list[tuple[str, int, str]],
) -> None:
    assert_problems(tmp_path, changes, expected)


def test_missing_course_md(tmp_path: Path) -> None:
    changes = {
        COURSE_MD: None,
        f"{C}/course.de.md": None,
        f"{C}/02-advanced/01-complaints.md": lesson(),
    }
    _, problems = load(tmp_path, changes)
    assert [str(problem) for problem in problems] == [
        f"{COURSE_MD}:1: missing course.md: every course folder needs one"
    ]


def test_course_folder_name_must_be_a_slug(tmp_path: Path) -> None:
    write_tree(tmp_path, {k.replace("/cse/", "/CSE_1/"): v for k, v in COURSE.items()})
    course, problems = load_course(tmp_path / "courses" / "CSE_1", quiz_ids=QUIZ_IDS)
    assert course is None
    assert [(p.path, p.line) for p in problems] == [("courses/CSE_1", 1)]
    assert "must be a slug" in problems[0].message


def test_renumbered_lesson_gets_a_hint(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path, {PHONE: lesson(body="[x](../02-advanced/03-complaints.md)\n")}
    )
    assert [str(problem) for problem in problems] == [
        f"{PHONE}:4: link '../02-advanced/03-complaints.md' points to a lesson that "
        f"does not exist ({C}/02-advanced/03-complaints.md); did you mean "
        "'02-advanced/01-complaints.md'?"
    ]


def test_same_broken_link_twice_reports_each_line(tmp_path: Path) -> None:
    body = "[a](gone.md)\n\ntext\n\n[b](gone.md)\n"
    _, problems = load(tmp_path, {PHONE: lesson(body=body)})
    assert [p.line for p in problems] == [4, 8]


def test_link_inside_code_is_not_checked(tmp_path: Path) -> None:
    body = "Text\n\n```markdown\n[x](gone.md)\n```\n\n`![y](gone.png)`\n"
    course, problems = load(tmp_path, {PHONE: lesson(body=body)})
    assert problems == []
    assert course is not None


def test_unreadable_folder_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iterdir = Path.iterdir

    def refuse_advanced(path: Path) -> Iterator[Path]:
        if path.name == "02-advanced":
            raise PermissionError(13, "Permission denied")
        return iterdir(path)

    monkeypatch.setattr(Path, "iterdir", refuse_advanced)
    _, problems = load(tmp_path)
    assert [str(problem) for problem in problems][0] == (
        f"{C}/02-advanced:1: cannot read the folder: Permission denied"
    )


def test_symlink_out_of_the_course_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    write_tree(tmp_path, COURSE)
    (tmp_path / C / "assets" / "link.png").symlink_to(secret)
    _, problems = load(tmp_path, {PHONE: lesson(body="![x](../assets/link.png)\n")})
    assert [(p.line, p.message) for p in problems] == [
        (4, f"link '../assets/link.png' leaves the course folder {C}/")
    ]
