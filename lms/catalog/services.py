"""Catalog services: published courses, progress, viewing and completing lessons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.catalog.outline import CourseStructure, LessonContent, LessonItem
from lms.catalog.paths import resolve_path
from lms.catalog.structure import (
    CourseRef,
    course_structure,
    find_course_ref,
    lesson_content,
)
from lms.content.schema import LearningPath
from lms.db import insert_statement, write_step
from lms.errors import NotFound
from lms.models import (
    Assignment,
    Course,
    Department,
    Lesson,
    LessonProgress,
    Module,
    Person,
)
from lms.session_memo import memoized

# A revisit within this window does not rewrite last_viewed_at: reading a
# lesson should not cost a database write on every page view.
VIEW_RECORD_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class Progress:
    completed: frozenset[int]  # lesson ids (of the person's path)
    total: int
    resume: LessonItem | None
    path: LearningPath | None = None  # the person's path; None: all modules

    @property
    def done(self) -> int:
        return len(self.completed)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class LessonView:
    course: CourseStructure
    module_slug: str
    lesson: LessonItem
    content: LessonContent
    progress: Progress
    previous: LessonItem | None
    following: LessonItem | None


def find_course(session: Session, slug: str) -> CourseRef:
    """A published course that is not retired, else NotFound (as for unknown)."""
    course = find_course_ref(session, slug)
    if course is None:
        raise NotFound(_l("There is no such course."))
    return course


def published_courses(session: Session) -> list[CourseRef]:
    rows = session.execute(
        select(Course.id, Course.slug, Course.language, Course.content_hash)
        .where(Course.published, Course.retired_at.is_(None))
        .order_by(Course.slug)
    )
    return [CourseRef(*row) for row in rows]


def learning_path(
    session: Session, person: Person, structure: CourseStructure
) -> LearningPath | None:
    """The person's path in the course (lms.catalog.paths.resolve_path): HR's
    choice in their assignment, else by department; None: the course has none."""
    if not structure.paths:
        return None
    return memoized(
        session,
        ("learning_path", person.id, structure.id, structure.reader_language),
        lambda: _resolve_path(session, person, structure),
    )


def _resolve_path(
    session: Session, person: Person, structure: CourseStructure
) -> LearningPath | None:
    choice = session.scalar(
        select(Assignment.path).where(
            Assignment.person_id == person.id, Assignment.course_id == structure.id
        )
    )
    department = (
        session.scalar(
            select(Department.name).where(Department.id == person.department_id)
        )
        if person.department_id is not None
        else None
    )
    return resolve_path(structure.paths, department, [choice])


def progress_for(
    session: Session, person: Person, structure: CourseStructure
) -> Progress:
    """Progress through the lessons of the person's path (all without paths)."""
    path = learning_path(session, person, structure)
    return _progress(structure, _progress_rows(session, person, structure), path)


def completed_lessons(
    session: Session, person: Person, structure: CourseStructure
) -> frozenset[int]:
    """The ids of every live lesson of the course the person marked complete."""
    return _progress(structure, _progress_rows(session, person, structure)).completed


def lesson_marks(
    session: Session, person: Person, structure: CourseStructure
) -> tuple[frozenset[int], int | None]:
    """The ids of the lessons the person completed, and of the one viewed last."""
    rows = _progress_rows(session, person, structure)
    latest = max((row[2] for row in rows), default=None)
    last = [row[0] for row in rows if row[2] == latest]
    # A tie (lessons marked together) names no lesson: go on in course order.
    done = frozenset(lid for lid, completed, _seen in rows if completed)
    return done, last[0] if len(last) == 1 else None


def _progress_rows(
    session: Session, person: Person, structure: CourseStructure
) -> list[tuple[int, datetime | None, datetime]]:
    """The person's progress rows of the course's lessons (asked several times
    by one page: kept while the session writes nothing, lms.session_memo)."""
    return memoized(
        session,
        ("progress_rows", person.id, structure.id),
        lambda: _read_progress_rows(session, person.id, structure),
    )


def _read_progress_rows(
    session: Session, person_id: int, structure: CourseStructure
) -> list[tuple[int, datetime | None, datetime]]:
    rows = session.execute(
        select(
            LessonProgress.lesson_id,
            LessonProgress.completed_at,
            LessonProgress.last_viewed_at,
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(LessonProgress.person_id == person_id, Module.course_id == structure.id)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def _progress(
    structure: CourseStructure,
    rows: list[tuple[int, datetime | None, datetime]],
    path: LearningPath | None = None,
) -> Progress:
    lessons = [
        lesson for module in structure.path_modules(path) for lesson in module.lessons
    ]
    live = {lesson.id for lesson in lessons}
    completed = frozenset(lid for lid, done, _seen in rows if done and lid in live)
    resume = _resume(lessons, completed, rows)
    return Progress(completed=completed, total=len(lessons), resume=resume, path=path)


def _resume(
    lessons: list[LessonItem],
    completed: frozenset[int],
    rows: list[tuple[int, datetime | None, datetime]],
) -> LessonItem | None:
    """Where to go on: the last lesson viewed if unfinished, else the next open one."""
    by_id = {lesson.id: lesson for lesson in lessons}
    seen = [row for row in rows if row[0] in by_id]
    if seen:
        last_id = max(seen, key=lambda row: row[2])[0]
        if last_id not in completed:
            return by_id[last_id]
        index = lessons.index(by_id[last_id])
        after = [
            lesson for lesson in lessons[index + 1 :] if lesson.id not in completed
        ]
        if after:
            return after[0]
    open_lessons = [lesson for lesson in lessons if lesson.id not in completed]
    return open_lessons[0] if open_lessons else None


def course_overview(
    session: Session, person: Person, slug: str
) -> tuple[CourseStructure, Progress]:
    course = find_course(session, slug)
    structure = course_structure(session, course, person.language)
    return structure, progress_for(session, person, structure)


@dataclass(frozen=True)
class ReadableLesson:
    structure: CourseStructure
    item: LessonItem
    lesson_id: int
    content: LessonContent


def readable_lesson(
    session: Session,
    person: Person,
    course_slug: str,
    module_slug: str,
    lesson_slug: str,
) -> ReadableLesson:
    """A lesson the person may read (a published, live course and lesson) in
    their language, with its course's structure; else NotFound."""
    course = find_course(session, course_slug)
    structure = course_structure(session, course, person.language)
    item = structure.lesson(module_slug, lesson_slug)
    if item is None or item.id is None:
        raise NotFound(_l("There is no such lesson."))
    content = lesson_content(session, course, item.id, person.language)
    return ReadableLesson(structure, item, item.id, content)


def view_lesson(
    session: Session,
    person: Person,
    course_slug: str,
    module_slug: str,
    lesson_slug: str,
    now: datetime,
) -> LessonView:
    found = readable_lesson(session, person, course_slug, module_slug, lesson_slug)
    structure, item, content = found.structure, found.item, found.content
    rows = _progress_rows(session, person, structure)
    progress = _progress(structure, rows, learning_path(session, person, structure))
    seen = next((row[2] for row in rows if row[0] == found.lesson_id), None)
    _record_view(session, person, found.lesson_id, seen, now)
    previous, following = structure.neighbours(module_slug, lesson_slug)
    return LessonView(
        structure, module_slug, item, content, progress, previous, following
    )


def _record_view(
    session: Session,
    person: Person,
    lesson_id: int,
    seen: datetime | None,
    now: datetime,
) -> None:
    """Note the visit: the first view, or a return after VIEW_RECORD_INTERVAL.

    ``seen`` is what the page read; by the time the write step holds the lock
    another tab may have written the row, so one upsert decides again.
    """
    if seen is not None and now - seen < VIEW_RECORD_INTERVAL:
        return
    statement = (
        insert_statement(session, LessonProgress)
        .values(
            person_id=person.id,
            lesson_id=lesson_id,
            first_viewed_at=now,
            last_viewed_at=now,
        )
        .on_conflict_do_update(
            index_elements=["person_id", "lesson_id"],
            set_={"last_viewed_at": now},
            where=LessonProgress.last_viewed_at <= now - VIEW_RECORD_INTERVAL,
        )
    )
    with write_step(session):
        session.execute(statement)


def complete_lesson(
    session: Session,
    person: Person,
    course_slug: str,
    module_slug: str,
    lesson_slug: str,
    now: datetime,
) -> LessonView:
    """Mark a lesson complete (idempotent) and return the view for what comes next."""
    view = view_lesson(session, person, course_slug, module_slug, lesson_slug, now)
    row = session.get(LessonProgress, (person.id, view.lesson.id))
    if row is not None and row.completed_at is None:
        row.completed_at = now
        session.flush()
    return view


def my_courses(
    session: Session, person: Person
) -> list[tuple[CourseStructure, Progress]]:
    """Published courses with this person's progress; started ones first."""
    result = []
    for course in published_courses(session):
        structure = course_structure(session, course, person.language)
        result.append((structure, progress_for(session, person, structure)))
    result.sort(
        key=lambda pair: (pair[1].done == 0, pair[1].percent == 100, pair[0].title)
    )
    return result
