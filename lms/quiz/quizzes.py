"""Which quizzes a course offers, and a person's attempts at one."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from lms.content.rules.paths import final_exam_ids
from lms.errors import NotFound
from lms.models import Attempt, Course, Module, Person, QuizSet
from lms.quiz.bank.loader import BankSet
from lms.quiz.bank.schema import Bank
from lms.quiz.store import bank_sets, current_quiz_set
from lms.session_memo import memoized


@dataclass(frozen=True)
class Quiz:
    course: Course
    quiz_set: QuizSet
    banks: BankSet

    def bank(self, language: str) -> Bank:
        return self.banks.for_language(language)


def find_quiz(session: Session, course_slug: str, bank_id: str) -> Quiz:
    # The course's texts (its HTML among them) load only when a page reads them.
    course = session.scalar(
        select(Course)
        .where(
            Course.slug == course_slug, Course.published, Course.retired_at.is_(None)
        )
        .options(lazyload(Course.texts))
    )
    if course is None:
        raise NotFound(_l("There is no such course."))
    quiz_set = current_quiz_set(session, course.id)
    banks = bank_sets(quiz_set, course.slug, course.language)
    if (
        bank_id not in banks
        or banks[bank_id].original.settings.exam_only
        or not _offered(course, session, bank_id)
    ):
        raise NotFound(_l("There is no such quiz."))
    return Quiz(course, quiz_set, banks[bank_id])


def _offered(course: Course, session: Session, bank_id: str) -> bool:
    """Only module quizzes and the final exam are taken; included banks are not.

    An exam-only pool is never taken on its own (`find_quiz` refuses it).
    """
    if bank_id in final_exam_ids(course.final_exam, course.paths_json):
        return True
    return bool(
        session.scalar(
            select(Module.id).where(
                Module.course_id == course.id,
                Module.quiz == bank_id,
                Module.retired_at.is_(None),
            )
        )
    )


def attempts_of(
    session: Session, person: Person, course_id: int, bank_id: str
) -> list[Attempt]:
    """The person's attempts at one bank of the course, by number."""
    return [
        a
        for a in course_attempts(session, person.id, course_id)
        if a.bank_id == bank_id
    ]


def course_attempts(session: Session, person_id: int, course_id: int) -> list[Attempt]:
    """All the person's attempts in the course, by bank and number: one read
    shared by the exam gate, the start and the questions already shown, once
    per unit of work that writes nothing (lms.session_memo)."""

    def read() -> list[Attempt]:
        return list(
            session.scalars(
                select(Attempt)
                .where(Attempt.person_id == person_id, Attempt.course_id == course_id)
                .order_by(Attempt.bank_id, Attempt.number)
            )
        )

    return memoized(session, ("course_attempts", person_id, course_id), read)
