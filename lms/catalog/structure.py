"""Course structures and lesson texts, cached per application by the course's hash.

A course's content hash changes whenever any of its files or assets change, so
a cached entry can never be stale: every request reads the course's hash (one
cheap query) and only a new hash reads the rest again. Several app servers stay
consistent because the hash lives in the shared database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import caches
from lms.caches import cached
from lms.catalog.outline import CourseStructure, LessonContent, LessonItem, ModuleItem
from lms.catalog.paths import parse_paths
from lms.content.exercises.model import exercises_from_json
from lms.content.schema import TocEntry
from lms.content.titles import in_language, pick_title
from lms.content.urls import course_url, lesson_url, module_url
from lms.models import Course, Lesson, LessonText, Module
from lms.session_memo import memoized

CACHE = "catalog.structure"
_CACHE_SIZE = 512  # course structures and lesson texts, per language
T = TypeVar("T")


@dataclass(frozen=True)
class CourseRef:
    """The few columns that identify a course version: read on every request."""

    id: int
    slug: str
    language: str
    content_hash: str


def find_course_ref(session: Session, slug: str) -> CourseRef | None:
    """A published, live course by slug; one query without the course's texts
    (once per unit of work that writes nothing, lms.session_memo)."""
    return memoized(session, ("course_ref", slug), lambda: _read_ref(session, slug))


def _read_ref(session: Session, slug: str) -> CourseRef | None:
    row = session.execute(
        select(Course.id, Course.slug, Course.language, Course.content_hash).where(
            Course.slug == slug, Course.published, Course.retired_at.is_(None)
        )
    ).first()
    return CourseRef(*row) if row else None


def _cached(key: tuple[object, ...], build: Callable[[], T]) -> T:
    return cached(CACHE, _CACHE_SIZE, key, build)


def course_structure(
    session: Session, course: CourseRef, reader_language: str
) -> CourseStructure:
    def build() -> CourseStructure:
        row = session.get(Course, course.id)
        if row is None:  # deleted between the two queries
            raise LookupError(course.slug)
        return _build(session, row, reader_language)

    return _cached(("course", course.id, course.content_hash, reader_language), build)


def _build(session: Session, course: Course, reader: str) -> CourseStructure:
    modules = session.scalars(
        select(Module)
        .where(Module.course_id == course.id, Module.retired_at.is_(None))
        .order_by(Module.position)
    ).all()
    lessons = session.execute(
        select(Lesson, LessonText.language, LessonText.title)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .join(Module, Module.id == Lesson.module_id)
        .where(Module.course_id == course.id, Lesson.retired_at.is_(None))
        .order_by(Lesson.position)
    ).all()
    titles: dict[int, dict[str, str]] = {}
    by_module: dict[int, list[Lesson]] = {}
    for lesson, language, title in lessons:
        if lesson.id not in titles:
            by_module.setdefault(lesson.module_id, []).append(lesson)
        titles.setdefault(lesson.id, {})[language] = title
    module_items = []
    for module in modules:
        text = in_language(
            {t.language: t for t in module.texts}, reader, course.language
        )
        items = tuple(
            LessonItem(
                id=lesson.id,
                slug=lesson.slug,
                title=pick_title(titles[lesson.id], reader, course.language),
                minutes=lesson.estimated_minutes,
                url=lesson_url(course.slug, module.slug, lesson.slug),
                translated=reader in titles[lesson.id],
            )
            for lesson in by_module.get(module.id, [])
        )
        module_items.append(
            ModuleItem(
                slug=module.slug,
                title=text.title,
                summary=text.summary,
                intro_html=text.html,
                quiz=module.quiz,
                url=module_url(course.slug, module.slug),
                lessons=items,
            )
        )
    course_texts = {t.language: t for t in course.texts}
    course_text = in_language(course_texts, reader, course.language)
    return CourseStructure(
        id=course.id,
        slug=course.slug,
        language=course.language,
        reader_language=reader,
        title=course_text.title,
        summary=course_text.summary,
        intro_html=course_text.html,
        translated=reader in course_texts,
        estimated_minutes=course.estimated_minutes,
        final_exam=course.final_exam,
        url=course_url(course.slug),
        modules=tuple(module_items),
        paths=parse_paths(course.paths_json),
    )


def lesson_content(
    session: Session, course: CourseRef, lesson_id: int, reader: str
) -> LessonContent:
    """A lesson's text; the course's hash covers every lesson and asset."""
    key = ("lesson", course.id, course.content_hash, lesson_id, reader)
    return _cached(
        key, lambda: _lesson_content(session, lesson_id, reader, course.language)
    )


def _lesson_content(
    session: Session, lesson_id: int, reader: str, default_language: str
) -> LessonContent:
    rows = {
        row.language: row
        for row in session.scalars(
            select(LessonText).where(
                LessonText.lesson_id == lesson_id,
                LessonText.language.in_({reader, default_language}),
            )
        )
    }
    text = rows.get(reader) or rows[default_language]
    return LessonContent(
        title=text.title,
        html=text.html,
        toc=tuple(TocEntry(*entry) for entry in json.loads(text.toc_json)),
        language=text.language,
        translated=reader in rows,
        exercises=exercises_from_json(text.exercises_json),
        objectives=tuple(json.loads(text.objectives_json)),
    )


def clear_cache() -> None:
    """Forget this application's structures (after a sync, to free memory)."""
    caches.clear_cache(CACHE)
