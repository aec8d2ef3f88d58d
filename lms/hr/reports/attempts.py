"""The attempts export: one row per answered question, responses in words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.titles import course_titles as own_titles
from lms.models import (
    Attempt,
    AttemptAnswer,
    Course,
    Department,
    Person,
    QuizSet,
)
from lms.quiz.bank.schema import Question
from lms.quiz.bank.types import handler_for
from lms.quiz.engine.paper import decode
from lms.quiz.store import bank_sets

_ROW_BATCH = 1000


def course_titles(session: Session) -> dict[int, tuple[str, str]]:
    """Course id -> (slug, title in the course's own language), in two queries."""
    titles = own_titles(session, None)
    return {
        course_id: (slug, titles[course_id])
        for course_id, slug in session.execute(select(Course.id, Course.slug))
        if course_id in titles
    }


ATTEMPT_HEADER = (
    _l("Person"),
    _l("Employee ID"),
    _l("Department"),
    _l("Course"),
    _l("Quiz"),
    _l("Attempt"),
    _l("Started"),
    _l("Submitted"),
    _l("Question"),
    _l("Response"),
    _l("Points"),
    _l("Max points"),
    _l("Attempt (%)"),
    _l("Passed"),
)


def response_text(question: Question | None, raw: str) -> str:
    """A stored response in words: the chosen choices' texts, not their ids."""
    if question is None:  # the question left the bank: show what was stored
        return "" if raw == "null" else raw
    response = decode(question.type, raw)
    if response is None or response in ("", frozenset(), [], {}):
        return ""
    return handler_for(question.type).response_text(question, response)


class QuizBanks:
    """Quiz titles and questions per (quiz set, bank, language), loaded once each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.found: dict[tuple[int, str, str], tuple[str, dict[str, Question]]] = {}

    def get(
        self, quiz_set_id: int, course_id: int, bank_id: str, language: str
    ) -> tuple[str, dict[str, Question]]:
        key = (quiz_set_id, bank_id, language)
        if key not in self.found:
            self.found[key] = (bank_id, {})
            quiz_set = self.session.get(QuizSet, quiz_set_id)
            course = self.session.get(Course, course_id)
            if quiz_set is not None and course is not None:
                banks = bank_sets(quiz_set, course.slug, course.language)
                if bank_id in banks:
                    bank = banks[bank_id].for_language(language)
                    self.found[key] = (
                        bank.title,
                        {q.id: q for q in bank.questions()},
                    )
        return self.found[key]


def attempt_rows(
    session: Session,
    *,
    course_id: int | None = None,
    department_id: int | None = None,
    submitted_before: datetime | None = None,
) -> Iterator[tuple[object, ...]]:
    """One row per answered question of every submitted attempt, in attempt order.

    Questions that were not answered are included with an empty response:
    grading stores a row for each drawn question.
    """
    courses = course_titles(session)
    banks = QuizBanks(session)
    statement = (
        select(
            Person.name,
            Person.employee_id,
            Department.name.label("department"),
            Attempt.course_id,
            Attempt.quiz_set_id,
            Attempt.bank_id,
            Attempt.language,
            Attempt.number,
            Attempt.started_at,
            Attempt.submitted_at,
            AttemptAnswer.question_id,
            AttemptAnswer.response_json,
            AttemptAnswer.points,
            AttemptAnswer.max_points,
            Attempt.percent,
            Attempt.passed,
        )
        .join(AttemptAnswer, AttemptAnswer.attempt_id == Attempt.id)
        .join(Person, Person.id == Attempt.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(Attempt.submitted_at.is_not(None))
        .order_by(Attempt.id, AttemptAnswer.question_id)
    )
    if course_id is not None:
        statement = statement.where(Attempt.course_id == course_id)
    if department_id is not None:
        statement = statement.where(Person.department_id == department_id)
    if submitted_before is not None:
        statement = statement.where(Attempt.submitted_at < submitted_before)
    # yield_per streams rows (a server-side cursor on PostgreSQL).
    rows = session.execute(statement.execution_options(yield_per=_ROW_BATCH))
    for row in rows:
        title, questions = banks.get(
            row.quiz_set_id, row.course_id, row.bank_id, row.language
        )
        yield (
            row.name,
            row.employee_id,
            row.department,
            courses.get(row.course_id, ("", ""))[1],
            title,
            row.number,
            row.started_at,
            row.submitted_at,
            row.question_id,
            response_text(questions.get(row.question_id), row.response_json),
            row.points,
            row.max_points,
            round(row.percent, 2) if row.percent is not None else None,
            row.passed,
        )
