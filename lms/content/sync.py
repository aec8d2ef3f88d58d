"""Loading checked content into the database in one transaction, matched by slug."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.assets import AssetFile, collect_assets
from lms.content.exercises.model import exercises_to_json
from lms.content.facts.sources import InstanceFacts
from lms.content.hashing import digest
from lms.content.loader import load_content
from lms.content.rules.paths import dump_paths
from lms.content.rules.refresher import dump_refresher
from lms.content.schema import CourseDoc, LessonDoc, ModuleDoc, Problem
from lms.content.urls import asset_url
from lms.models import (
    Asset,
    Course,
    CourseText,
    Lesson,
    LessonText,
    Module,
    ModuleText,
)


@dataclass
class SyncReport:
    """What a sync found wrong, or what it changed."""

    problems: list[Problem] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0
    quizzes_changed: list[str] = field(default_factory=list)
    # Item-writing cues (lms.quiz.bank.cues): shown, but they block nothing
    # unless the check is strict.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    @property
    def warning_lines(self) -> list[str]:
        return [f"{w.path}:{w.line}: warning: {w.message}" for w in self.warnings]


def lesson_key(course: str, module: str, lesson: str) -> str:
    return f"{course}/{module}/{lesson}"


def sync_courses(
    session: Session,
    courses_dir: Path,
    *,
    quiz_ids_by_course: Mapping[str, Collection[str]],
    now: datetime,
    instance: InstanceFacts | None = None,
) -> SyncReport:
    """Check every course; if all are valid, make the database match the files.

    The caller commits. When anything is wrong nothing is written, so the
    previous content keeps serving. `instance`: the deployment's facts file.
    """
    courses, problems = load_content(
        courses_dir, quiz_ids_by_course=quiz_ids_by_course, instance=instance
    )
    report = SyncReport(problems=problems)
    if problems:
        return report
    existing = {c.slug: c for c in session.scalars(select(Course))}
    for doc in courses:
        course = existing.pop(doc.slug, None)
        _sync_course(session, course, doc, courses_dir / doc.slug, now, report)
    for course in existing.values():
        if course.retired_at is None:
            course.retired_at = now
            course.published = False
            report.retired.append(course.slug)
    session.flush()
    return report


TextRow = TypeVar("TextRow", CourseText, ModuleText, LessonText)


def _merge_texts(
    rows: list[TextRow], wanted: dict[str, dict[str, str]], factory: type[TextRow]
) -> None:
    """Update text rows in place by language; a row per language stays one row.

    Replacing the list instead would insert the new (id, language) row before
    the old one is deleted and break the primary key.
    """
    by_language = {row.language: row for row in rows}
    for language, values in wanted.items():
        row = by_language.pop(language, None)
        if row is None:
            rows.append(factory(language=language, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
    for row in by_language.values():
        rows.remove(row)


def _sync_course(
    session: Session,
    course: Course | None,
    doc: CourseDoc,
    course_dir: Path,
    now: datetime,
    report: SyncReport,
) -> None:
    if course is None:
        course = Course(slug=doc.slug, content_hash="")
        session.add(course)
    course.language = doc.language
    course.published = doc.published
    course.estimated_minutes = doc.estimated_minutes
    course.final_exam = doc.final_exam
    course.validity_days = doc.certificate.validity_days
    course.certificate_template = doc.certificate.template
    course.needs_lessons = doc.completion.lessons
    course.needs_module_quizzes = doc.completion.module_quizzes
    course.needs_final_exam = doc.completion.final_exam and bool(doc.final_exam)
    course.exam_after_lessons = doc.exam_gate.lessons
    course.exam_after_module_quizzes = doc.exam_gate.module_quizzes
    course.paths_json = dump_paths(doc.paths)
    course.refresher_json = dump_refresher(doc.refresher)
    course.synced_at = now
    course.retired_at = None
    assets = collect_assets(course_dir)
    versions = {asset.path: asset.sha256[:12] for asset in assets}
    # The stored version covers the assets too: a changed image alone must
    # invalidate what app servers cached for the course.
    version = digest([doc.content_hash, *(f"{a.path}:{a.sha256}" for a in assets)])
    if course.content_hash != version:
        course.content_hash = version
        _merge_texts(
            course.texts,
            {
                lang: {"title": t.title, "summary": t.summary, "html": t.html}
                for lang, t in doc.texts.items()
            },
            CourseText,
        )
    session.flush()
    modules = {m.slug: m for m in course.modules}
    for module_doc in doc.modules:
        module = modules.pop(module_doc.slug, None)
        _sync_module(session, course, module, module_doc, versions, now, report)
    for module in modules.values():
        _retire_module(module, course.slug, now, report)
    _sync_assets(session, course, assets)


def _sync_module(
    session: Session,
    course: Course,
    module: Module | None,
    doc: ModuleDoc,
    versions: Mapping[str, str],
    now: datetime,
    report: SyncReport,
) -> None:
    if module is None:
        module = Module(course_id=course.id, slug=doc.slug, content_hash="")
        session.add(module)
    module.position = doc.position
    module.quiz = doc.quiz
    module.retired_at = None
    if module.content_hash != doc.content_hash:
        module.content_hash = doc.content_hash
        _merge_texts(
            module.texts,
            {
                lang: {"title": t.title, "summary": t.summary, "html": t.html}
                for lang, t in doc.texts.items()
            },
            ModuleText,
        )
    session.flush()
    lessons = {lesson.slug: lesson for lesson in module.lessons}
    for lesson_doc in doc.lessons:
        key = lesson_key(course.slug, doc.slug, lesson_doc.slug)
        lesson = lessons.pop(lesson_doc.slug, None)
        if lesson is None:
            lesson = Lesson(module_id=module.id, slug=lesson_doc.slug, content_hash="")
            session.add(lesson)
            report.added.append(key)
        elif lesson.content_hash != lesson_doc.content_hash or lesson.retired_at:
            report.changed.append(key)
        else:
            report.unchanged += 1
        _fill_lesson(lesson, lesson_doc, course.slug, versions)
    for lesson in lessons.values():
        if lesson.retired_at is None:
            lesson.retired_at = now
            report.retired.append(lesson_key(course.slug, doc.slug, lesson.slug))


def versioned_asset_urls(html: str, course: str, versions: Mapping[str, str]) -> str:
    """Add ?v=<hash> to asset URLs, so year-long caching never serves a stale file."""
    prefix = asset_url(course, "")

    def add_version(match: re.Match[str]) -> str:
        path = unquote(match.group(2))
        version = versions.get(path)
        return match.group(0) if version is None else f'{match.group(1)}?v={version}"'

    return re.sub(rf'((?:src|href)="{re.escape(prefix)}([^"?#]+))"', add_version, html)


def _fill_lesson(
    lesson: Lesson, doc: LessonDoc, course: str, versions: Mapping[str, str]
) -> None:
    lesson.position = doc.position
    lesson.estimated_minutes = doc.estimated_minutes
    lesson.retired_at = None
    # Texts are compared even when the hash is unchanged: an image that
    # changed alone gives its URLs a new version.
    lesson.content_hash = doc.content_hash
    _merge_texts(
        lesson.texts,
        {
            lang: {
                "title": text.title,
                "html": versioned_asset_urls(text.html, course, versions),
                "toc_json": json.dumps([list(entry) for entry in text.toc]),
                "exercises_json": exercises_to_json(
                    [
                        replace(
                            exercise,
                            prompt_html=versioned_asset_urls(
                                exercise.prompt_html, course, versions
                            ),
                            answer_html=versioned_asset_urls(
                                exercise.answer_html, course, versions
                            ),
                        )
                        for exercise in text.exercises
                    ]
                ),
                "objectives_json": json.dumps(list(text.objectives)),
            }
            for lang, text in doc.texts.items()
        },
        LessonText,
    )


def _retire_module(
    module: Module, course: str, now: datetime, report: SyncReport
) -> None:
    if module.retired_at is None:
        module.retired_at = now
    for lesson in module.lessons:
        if lesson.retired_at is None:
            lesson.retired_at = now
            report.retired.append(lesson_key(course, module.slug, lesson.slug))


def _sync_assets(session: Session, course: Course, assets: list[AssetFile]) -> None:
    stored = {
        a.path: a
        for a in session.scalars(select(Asset).where(Asset.course_id == course.id))
    }
    for file in assets:
        asset = stored.pop(file.path, None)
        if asset is None:
            session.add(
                Asset(
                    course_id=course.id,
                    path=file.path,
                    media_type=file.media_type,
                    sha256=file.sha256,
                    data=file.data,
                )
            )
        elif asset.sha256 != file.sha256:
            asset.sha256, asset.data, asset.media_type = (
                file.sha256,
                file.data,
                file.media_type,
            )
    for asset in stored.values():
        # Retired lessons no longer link to it; history keeps text, not images.
        session.delete(asset)
