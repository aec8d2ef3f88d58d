"""The attempts export: one row per answered question, responses in words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.hr.reports.certificates import course_names
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
from lms.quiz.bank.types.base import plain_text
from lms.quiz.engine.paper import decode
from lms.quiz.store import bank_sets
from lms.web.export_locale import ExportLocale, yes_no

_ROW_BATCH = 1000


ATTEMPT_HEADER = (
    _l("Person"),
    _l("Employee ID"),
    _l("Department"),
    _l("Course ID"),
    _l("Course"),
    _l("Quiz"),
    _l("Attempt"),
    _l("Started"),  # times: attempt_header names their zone
    _l("Submitted"),
    _l("Question ID"),
    _l("Question"),
    _l("Response"),
    _l("Points"),
    _l("Max points"),
    _l("Attempt (%)"),
    _l("Passed"),
)


def attempt_header(where: ExportLocale) -> list[str]:
    """The header in the current language, the times' columns naming their zone."""
    timed = {7, 8}
    return [
        where.timed(label) if column in timed else str(label)
        for column, label in enumerate(ATTEMPT_HEADER)
    ]


def question_text(question: Question | None) -> str:
    """The question as the learner read it, in one line of plain text."""
    if question is None:
        return ""
    return " ".join(plain_text(question.stem_html).split())


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
    where: ExportLocale,
    *,
    course_id: int | None = None,
    department_id: int | None = None,
    submitted_before: datetime | None = None,
) -> Iterator[tuple[object, ...]]:
    """One row per answered question of every submitted attempt, in attempt order.

    Questions that were not answered are included with an empty response:
    grading stores a row for each drawn question. Question and response are
    in the attempt's language, as the learner saw them; the course title is in
    the export's language.
    """
    courses = course_names(session, where.language)
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
    with session.execute(statement.execution_options(yield_per=_ROW_BATCH)) as rows:
        for row in rows:
            title, questions = banks.get(
                row.quiz_set_id, row.course_id, row.bank_id, row.language
            )
            question = questions.get(row.question_id)
            yield (
                row.name,
                row.employee_id,
                row.department,
                *courses.get(row.course_id, ("", "")),
                title,
                row.number,
                where.local(row.started_at),
                where.local(row.submitted_at),
                row.question_id,
                question_text(question),
                response_text(question, row.response_json),
                row.points,
                row.max_points,
                round(row.percent, 2) if row.percent is not None else None,
                yes_no(row.passed),
            )
