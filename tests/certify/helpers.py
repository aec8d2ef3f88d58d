"""Completing the test course through the real services, with a chosen clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.catalog.completion import completion
from lms.certify.services import maybe_issue
from lms.models import Certificate, Course, Lesson, LessonProgress, Module, Person
from lms.quiz import attempts as quiz
from lms.quiz.engine.draw import drawn_questions

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = "http://lms.test"


def pass_quiz(
    session: Any, person: Person, bank: str, now: datetime, right: bool = True
) -> None:
    attempt = quiz.start_attempt(session, person, "cse", bank, now)
    _bank, items = quiz.drawn_items(session, attempt)
    values, shown = {}, []
    for drawn in drawn_questions(items):
        question = drawn.question
        choice = next(c for c in question.choices if c.correct == right)
        values[f"a-{question.id}"] = [choice.id]
        shown.append(question.id)
    fields = quiz.page_fields(attempt, items, values)
    quiz.save_answers(session, person, attempt.public_id, fields, shown, now)
    quiz.submit_attempt(session, person, attempt.public_id, now)
    session.commit()


def complete_lessons(session: Any, person: Person, now: datetime) -> None:
    for lesson_id in session.scalars(select(Lesson.id).join(Module)):
        session.add(
            LessonProgress(
                person_id=person.id,
                lesson_id=lesson_id,
                first_viewed_at=now,
                last_viewed_at=now,
                completed_at=now,
            )
        )
    session.commit()


def issue(session: Any, person: Person, now: datetime) -> Certificate | None:
    course = session.scalar(select(Course).where(Course.slug == "cse"))
    certificate = maybe_issue(
        session,
        person,
        course,
        completion(session, person, course),
        now,
        base_url=BASE_URL,
        template_dir=ROOT / "certificates",
    )
    session.commit()
    return certificate


def earn(session: Any, person: Person, now: datetime) -> Certificate:
    complete_lessons(session, person, now)
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, person, bank, now)
    certificate = issue(session, person, now)
    assert certificate is not None
    return certificate
