"""Syncing content into the database: idempotent, all or nothing, keeping progress."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from lms.db import utcnow
from lms.models import Asset, Course, Lesson, LessonProgress, LessonText
from tests.content.course_tree import lesson

PHONE = "courses/cse/01-basics/02-phone.md"
WELCOME = "courses/cse/01-basics/01-welcome.md"


def test_first_sync_adds_every_lesson_and_asset(synced: Any, db: Any) -> None:
    assert sorted(synced.added) == [
        "cse/advanced/complaints",
        "cse/basics/phone",
        "cse/basics/welcome",
    ]
    course = db.scalar(select(Course))
    assert course.published
    assert course.validity_days == 365
    assert {t.language for t in course.texts} == {"en", "de"}
    assert db.scalar(select(func.count(Asset.id))) == 2


def test_sync_is_idempotent(sync: Any, synced: Any, db: Any) -> None:
    hashes = dict(db.execute(select(Lesson.slug, Lesson.content_hash)).all())
    again = sync()
    assert again.ok
    assert (again.added, again.changed, again.retired) == ([], [], [])
    assert again.unchanged == 3
    db.rollback()
    assert dict(db.execute(select(Lesson.slug, Lesson.content_hash)).all()) == hashes


def test_a_failing_check_changes_nothing(sync: Any, synced: Any, db: Any) -> None:
    report = sync(
        {
            PHONE: lesson(body="[broken](99-nowhere.md)\n"),
            WELCOME: lesson("title: Renamed\n"),
        }
    )
    assert not report.ok
    assert any("99-nowhere.md" in line for line in report.lines)
    titles = db.scalars(
        select(LessonText.title).where(LessonText.language == "en")
    ).all()
    assert "Renamed" not in titles
    assert "Welcome" in titles


def test_progress_survives_edits_retitles_and_reordering(
    sync: Any, synced: Any, db: Any, make_person: Any
) -> None:
    person = make_person()
    phone = db.scalar(select(Lesson).where(Lesson.slug == "phone"))
    now = utcnow()
    db.add(
        LessonProgress(
            person_id=person.id,
            lesson_id=phone.id,
            first_viewed_at=now,
            last_viewed_at=now,
            completed_at=now,
        )
    )
    db.commit()
    basics = "courses/cse/01-basics/"
    report = sync(
        {
            # phone moves first and gets a new title and text; welcome moves second
            f"{basics}02-phone.md": None,
            f"{basics}01-phone.md": lesson("title: Telephone basics\n", "New text.\n"),
            f"{basics}01-welcome.md": None,
            f"{basics}01-welcome.de.md": None,
            f"{basics}02-welcome.md": lesson("title: Welcome\n", "Hello.\n"),
            "courses/cse/course.md": COURSE_MD_WITHOUT_LINKS,
            "courses/cse/02-advanced/01-complaints.md": lesson(),
        }
    )
    assert report.ok, report.lines
    assert "cse/basics/phone" in report.changed
    db.rollback()
    moved = db.scalar(select(Lesson).where(Lesson.slug == "phone"))
    assert (moved.id, moved.position) == (phone.id, 1)
    assert (
        db.scalar(
            select(LessonText.title).where(
                LessonText.lesson_id == phone.id, LessonText.language == "en"
            )
        )
        == "Telephone basics"
    )
    row = db.get(LessonProgress, (person.id, phone.id))
    assert row is not None
    assert row.completed_at is not None


COURSE_MD_WITHOUT_LINKS = (
    "---\ntitle: Customer Service\nsummary: Basics.\nlanguage: en\n"
    "published: true\nfinal_exam: final\n---\nWelcome.\n"
)


def test_removed_lesson_is_retired_not_deleted(sync: Any, synced: Any, db: Any) -> None:
    report = sync(
        {
            "courses/cse/02-advanced/01-complaints.md": None,
            "courses/cse/02-advanced/01-refunds.md": lesson("title: Refunds\n"),
        }
    )
    assert report.ok, report.lines
    assert report.retired == ["cse/advanced/complaints"]
    db.rollback()
    retired = db.scalar(select(Lesson).where(Lesson.slug == "complaints"))
    assert retired.retired_at is not None
    # It comes back with its identity when the file returns.
    report = sync({"courses/cse/02-advanced/02-complaints.md": lesson("title: Back\n")})
    assert report.ok, report.lines
    db.rollback()
    assert (
        db.scalar(select(Lesson).where(Lesson.slug == "complaints")).retired_at is None
    )


def test_changed_image_gets_a_new_url_version(sync: Any, synced: Any, db: Any) -> None:
    def phone_html() -> str:
        db.rollback()
        return db.scalar(
            select(LessonText.html)
            .join(Lesson)
            .where(Lesson.slug == "phone", LessonText.language == "en")
        )

    before = phone_html()
    assert "/content/cse/01-basics/assets/smile.png?v=" in before
    sync({"courses/cse/01-basics/assets/smile.png": b"\x89PNG\r\n\x1a\nnew image"})
    after = phone_html()
    assert after != before
    assert "/content/cse/01-basics/assets/smile.png?v=" in after


def test_cli_sync_and_check(runner: Any, content_root: Any) -> None:
    result = runner.invoke(args=["content", "check", str(content_root)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["content", "sync", str(content_root)])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output
    (content_root / PHONE).write_text(lesson(body="![x](assets/missing.png)\n"))
    result = runner.invoke(args=["content", "check", str(content_root)])
    assert result.exit_code == 1
    assert "courses/cse/01-basics/02-phone.md:4:" in result.output
    result = runner.invoke(args=["content", "sync", str(content_root)])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
