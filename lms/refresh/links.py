"""Where a refresher question comes from: the lessons of a topic (for HR's
flags) and the one lesson (or module) a learner goes back to after an answer.
The one home of the rule: the lexicon comes from `lexicon_lesson`; a bank's
questions come from the lessons of the modules whose `quiz:` is the bank, and a
question tagged with one of those lessons' slugs comes from that lesson."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.rules.refresher import load_refresher
from lms.content.urls import lesson_url, module_url
from lms.models import Course, Lesson, LessonText, Module
from lms.refresh.questions import LEXICON, split_key


@dataclass(frozen=True)
class TopicLesson:
    module: str
    lesson: str
    lesson_id: int


def _topic_lessons(session: Session, course: Course, topic: str) -> list[TopicLesson]:
    """The live lessons a topic comes from, in course order."""
    query = (
        select(Module.slug, Lesson.slug, Lesson.id)
        .join(Lesson, Lesson.module_id == Module.id)
        .where(
            Module.course_id == course.id,
            Module.retired_at.is_(None),
            Lesson.retired_at.is_(None),
        )
        .order_by(Module.position, Lesson.position)
    )
    if topic == LEXICON:
        spec = load_refresher(course.refresher_json)
        if spec is None or spec.lexicon_lesson is None:
            return []
        module_slug, _, lesson_slug = spec.lexicon_lesson.partition("/")
        query = query.where(Module.slug == module_slug, Lesson.slug == lesson_slug)
    else:
        query = query.where(Module.quiz == topic)
    return [TopicLesson(*row) for row in session.execute(query)]


def question_lesson(
    lessons: Iterable[TopicLesson], topic: str, tags: Iterable[str]
) -> TopicLesson | None:
    """The lesson a question comes from: the lexicon's one lesson, or the
    topic's lesson whose slug is among the question's tags. Pure."""
    lessons = list(lessons)
    if topic == LEXICON:
        return lessons[0] if lessons else None
    tagged = set(tags)
    return next((item for item in lessons if item.lesson in tagged), None)


def lesson_link(
    session: Session, course: Course, key: str, tags: Iterable[str] = ()
) -> str | None:
    """The question's lesson; without one, the module whose quiz is its bank."""
    topic = split_key(key)[0]
    found = question_lesson(_topic_lessons(session, course, topic), topic, tags)
    if found is not None:
        return lesson_url(course.slug, found.module, found.lesson)
    if topic == LEXICON:
        return None
    for module in course.modules:
        if module.quiz == topic and module.retired_at is None:
            return module_url(course.slug, module.slug)
    return None


def topic_lessons(
    session: Session, course_slug: str, topic: str, language: str
) -> list[tuple[str, str]]:
    """(title, url) of the lessons a topic comes from, titled in ``language``."""
    course = session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        return []
    rows = _topic_lessons(session, course, topic)
    texts: dict[int, dict[str, str]] = {}
    for lesson_id, lang, title in session.execute(
        select(LessonText.lesson_id, LessonText.language, LessonText.title).where(
            LessonText.lesson_id.in_([row.lesson_id for row in rows])
        )
    ):
        texts.setdefault(lesson_id, {})[lang] = title
    titles = {
        lesson_id: by_lang.get(language) or by_lang.get(course.language, "")
        for lesson_id, by_lang in texts.items()
    }
    return [
        (
            titles.get(row.lesson_id) or row.lesson,
            lesson_url(course.slug, row.module, row.lesson),
        )
        for row in rows
    ]
