"""The facts behind the refresher figures, read from the database, and the
lessons a topic comes from."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.content.rules.refresher import load_refresher
from lms.content.urls import lesson_url
from lms.models import (
    Course,
    Department,
    Lesson,
    LessonText,
    Module,
    Person,
    RefresherAnswer,
    RefresherSession,
)
from lms.refresh.questions import LEXICON
from lms.refresh.retention import AnswerFact, SessionFact


def answer_facts(
    session: Session, since: date | None = None, until: date | None = None
) -> list[AnswerFact]:
    """Every first answer (refreshers due from ``since`` through ``until``), with
    the person's department now."""
    query = (
        select(
            RefresherSession.due_on,
            Course.slug,
            RefresherAnswer.topic,
            Department.name,
            RefresherSession.person_id,
            RefresherAnswer.correct,
        )
        .join(RefresherSession, RefresherSession.id == RefresherAnswer.session_id)
        .join(Course, Course.id == RefresherSession.course_id)
        .join(Person, Person.id == RefresherSession.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
    )
    if since is not None:
        query = query.where(RefresherSession.due_on >= since)
    if until is not None:
        query = query.where(RefresherSession.due_on <= until)
    return [
        AnswerFact(day, slug, topic, department or "", person_id, bool(correct))
        for day, slug, topic, department, person_id, correct in session.execute(query)
    ]


def session_facts(session: Session, since: date | None = None) -> list[SessionFact]:
    """Every refresher given, and whether it got an answer."""
    answered = (
        select(func.count(RefresherAnswer.id))
        .where(RefresherAnswer.session_id == RefresherSession.id)
        .scalar_subquery()
    )
    query = (
        select(RefresherSession.due_on, Course.slug, Department.name, answered)
        .join(Course, Course.id == RefresherSession.course_id)
        .join(Person, Person.id == RefresherSession.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
    )
    if since is not None:
        query = query.where(RefresherSession.due_on >= since)
    return [
        SessionFact(day, slug, department or "", bool(count))
        for day, slug, department, count in session.execute(query)
    ]


def topic_lessons(
    session: Session, course_slug: str, topic: str, language: str
) -> list[tuple[str, str]]:
    """(title, url) of the lessons a topic comes from: the lexicon's lesson, or
    the lessons of the module whose quiz is the topic's bank."""
    course = session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        return []
    spec = load_refresher(course.refresher_json)
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
        if spec is None or spec.lexicon_lesson is None:
            return []
        module_slug, _, lesson_slug = spec.lexicon_lesson.partition("/")
        query = query.where(Module.slug == module_slug, Lesson.slug == lesson_slug)
    else:
        query = query.where(Module.quiz == topic)
    rows = session.execute(query).all()
    texts: dict[int, dict[str, str]] = {}
    for lesson_id, lang, title in session.execute(
        select(LessonText.lesson_id, LessonText.language, LessonText.title).where(
            LessonText.lesson_id.in_([row[2] for row in rows])
        )
    ):
        texts.setdefault(lesson_id, {})[lang] = title
    titles = {
        lesson_id: by_lang.get(language) or by_lang.get(course.language, "")
        for lesson_id, by_lang in texts.items()
    }
    return [
        (titles.get(lesson_id, lesson), lesson_url(course.slug, module, lesson))
        for module, lesson, lesson_id in rows
    ]
