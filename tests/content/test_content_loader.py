"""Loading a valid course tree into dataclasses."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.loader import load_content, load_course
from lms.content.schema import CertificateSpec, LocalizedText, Problem, TocEntry
from lms.content.urls import asset_url, course_url, lesson_url, module_url
from tests.content.course_tree import COURSE, QUIZ_IDS, load, load_valid, write_tree


def test_course_fields(tmp_path: Path) -> None:
    course = load_valid(tmp_path)
    assert course.slug == "cse"
    assert course.title == "Customer Service"
    assert course.summary == "The basics of service."
    assert course.language == "en"
    assert course.languages == ("de", "en")
    assert course.estimated_minutes == 30
    assert course.published is True
    assert course.final_exam == "final"
    assert course.certificate == CertificateSpec(validity_days=365, template="default")
    assert course.source_path == "courses/cse/course.md"
    assert course.body_markdown.startswith("Welcome.")
    assert len(course.content_hash) == 64


def test_modules_and_lessons_in_prefix_order(tmp_path: Path) -> None:
    course = load_valid(tmp_path)
    assert [(m.position, m.slug, m.title, m.quiz) for m in course.modules] == [
        (1, "basics", "Basics", "basics"),
        (2, "advanced", "Advanced", "advanced"),
    ]
    basics = course.modules[0]
    assert basics.summary == "The basics."
    assert basics.html == "<p>Intro.</p>"
    assert [(lesson.position, lesson.slug) for lesson in basics.lessons] == [
        (1, "welcome"),
        (2, "phone"),
    ]
    welcome = basics.lessons[0]
    assert welcome.title == "Welcome"
    assert welcome.estimated_minutes == 5
    assert welcome.language == "en"
    assert welcome.source_path == "courses/cse/01-basics/01-welcome.md"
    assert welcome.toc == (TocEntry(1, "hello", "Hello"),)
    assert course.modules[1].lessons[0].estimated_minutes is None


def test_defaults_for_optional_course_keys(tmp_path: Path) -> None:
    course, problems = load(
        tmp_path,
        {
            "courses/cse/course.md": ("---\ntitle: T\nsummary: S\nlanguage: de\n---\n"),
            "courses/cse/course.de.md": None,
            "courses/cse/01-basics/module.de.md": None,
            "courses/cse/01-basics/01-welcome.de.md": None,
        },
    )
    assert problems == []
    assert course is not None
    assert course.published is False
    assert course.final_exam is None
    assert course.certificate == CertificateSpec(validity_days=None, template="default")
    assert course.estimated_minutes == 15  # the lessons' minutes added up
    assert course.language == "de"
    assert course.modules[0].lessons[0].language == "de"
    # With German as the original language, the German text is the original.
    assert course.modules[0].texts["de"].source_path.endswith("module.md")


def test_links_become_site_urls(tmp_path: Path) -> None:
    course = load_valid(tmp_path)
    welcome, phone = course.modules[0].lessons
    assert f'href="{lesson_url("cse", "basics", "phone", "greeting")}"' in welcome.html
    assert f'src="{asset_url("cse", "assets/logo.png")}"' in welcome.html
    assert f'src="{asset_url("cse", "01-basics/assets/smile.png")}"' in phone.html
    complaints = course.modules[1].lessons[0]
    assert f'href="{lesson_url("cse", "basics", "welcome")}"' in complaints.html
    assert f'href="{course_url("cse")}"' in complaints.html
    assert f'href="{module_url("cse", "basics")}"' in complaints.html
    assert (
        '<a href="https://example.com/help" rel="noopener noreferrer">Help</a>'
        in complaints.html
    )
    assert 'href="/courses/cse/basics/welcome"' in course.html


def test_url_builders() -> None:
    assert course_url("cse") == "/courses/cse"
    assert module_url("cse", "basics") == "/courses/cse/basics"
    assert lesson_url("cse", "basics", "phone") == "/courses/cse/basics/phone"
    assert lesson_url("cse", "b", "p", "a b") == "/courses/cse/b/p#a%20b"
    assert asset_url("cse", "assets/my file.png") == "/content/cse/assets/my%20file.png"


def test_translations(tmp_path: Path) -> None:
    course = load_valid(tmp_path)
    welcome = course.modules[0].lessons[0]
    assert welcome.languages == ("de", "en")
    german = welcome.text("de")
    assert german == LocalizedText(
        language="de",
        title="Willkommen",
        summary="",
        body_markdown="# Hallo\n\nSiehe [Telefon](02-phone.md).\n",
        html=(
            '<h1 id="hallo">Hallo</h1>\n<p>Siehe <a href="/courses/cse/basics/phone"'
            ' rel="noopener noreferrer">Telefon</a>.</p>'
        ),
        toc=(TocEntry(1, "hallo", "Hallo"),),
        source_path="courses/cse/01-basics/01-welcome.de.md",
    )
    assert welcome.text("en").title == "Welcome"
    assert welcome.text("fr") is welcome.original  # falls back to the original
    phone = course.modules[0].lessons[1]
    assert phone.languages == ("en",)
    assert phone.text("de").title == "The phone"
    # A translation without a summary keeps the original's.
    module = course.modules[0]
    assert module.text("de").title == "Grundlagen"
    assert module.text("de").summary == "The basics."
    assert course.text("de").summary == "Grundlagen."


def test_links_in_translations_are_checked(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path,
        {"courses/cse/01-basics/01-welcome.de.md": "---\ntitle: W\n---\n[x](nope.md)"},
    )
    assert [(p.path, p.line) for p in problems] == [
        ("courses/cse/01-basics/01-welcome.de.md", 4)
    ]


def test_load_content_loads_every_course(tmp_path: Path) -> None:
    write_tree(tmp_path, COURSE)
    write_tree(
        tmp_path,
        {
            "courses/other/course.md": "---\ntitle: O\nsummary: S\nlanguage: en\n---\n",
            "courses/broken/course.md": "---\ntitle: B\n---\n",
            "courses/README.txt": "not a course",
            "courses/.git/config": "ignored",
        },
    )
    courses, problems = load_content(
        tmp_path / "courses", quiz_ids_by_course={"cse": QUIZ_IDS}
    )
    assert [course.slug for course in courses] == ["cse", "other"]
    assert problems == [
        Problem("courses/broken/course.md", 1, "missing required key 'language'"),
        Problem("courses/broken/course.md", 1, "missing required key 'summary'"),
    ]


def test_load_content_quiz_ids_are_per_course(tmp_path: Path) -> None:
    write_tree(tmp_path, COURSE)
    courses, problems = load_content(tmp_path / "courses", quiz_ids_by_course={})
    assert courses == []
    assert {p.message.split(" is ")[0] for p in problems} == {
        "final_exam 'final'",
        "quiz 'basics'",
        "quiz 'advanced'",
    }


def test_load_content_without_courses_folder(tmp_path: Path) -> None:
    courses, problems = load_content(tmp_path / "courses", quiz_ids_by_course={})
    assert courses == []
    assert [(p.path, p.line) for p in problems] == [("courses", 1)]
    assert problems[0].message.startswith("cannot read the courses folder")


def test_relative_course_dir_and_display_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, COURSE)
    monkeypatch.chdir(tmp_path / "courses")
    course, problems = load_course(Path("cse"), quiz_ids=QUIZ_IDS)
    assert problems == []
    assert course is not None
    assert course.source_path == "courses/cse/course.md"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    text = COURSE["courses/cse/01-basics/02-phone.md"]
    assert isinstance(text, str)
    course, problems = load(
        tmp_path,
        {"courses/cse/01-basics/02-phone.md": "\ufeff".encode() + text.encode()},
    )
    assert problems == []
    assert course is not None


def test_docs_are_frozen(tmp_path: Path) -> None:
    course = load_valid(tmp_path)
    with pytest.raises(AttributeError):
        course.slug = "other"  # type: ignore[misc]
