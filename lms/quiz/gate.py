"""The final exam's gate: what a course still requires before its exam opens.

The rule lives with the completion rule in the catalog, above the quiz; the quiz
asks it through ``lms.events.exam_requirements`` (connected by the app factory).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from lms.events import exam_requirements, next_step
from lms.models import Person


@dataclass(frozen=True)
class Missing:
    """One unfinished part: a lesson not marked complete or a module quiz not passed."""

    kind: Literal["lesson", "quiz"]
    title: str  # the lesson's, or for a quiz its module's
    module_title: str
    lesson_url: str | None = None  # of a lesson
    bank: str | None = None  # of a quiz: its overview is quiz.overview


def missing_before_exam(
    session: Session, person: Person, course_id: int, bank_id: str | None = None
) -> tuple[Missing, ...]:
    """What the person must still finish before the course's final exam (or the
    final exam bank_id of a learning path) opens."""
    results = exam_requirements.send(
        None, session=session, person=person, course_id=course_id, bank_id=bank_id
    )
    return tuple(item for _receiver, items in results for item in items or ())


@dataclass(frozen=True)
class NextStep:
    """A step of the course player: a lesson, a module quiz or the final exam."""

    kind: str  # "lesson", "quiz" or "exam"
    title: str  # the lesson's, or for a quiz its module's ("" for the exam)
    url: str


@dataclass(frozen=True)
class Continuation:
    """What follows a quiz for a person: the next step, or the certificate."""

    next: NextStep | None  # None: nothing left to do
    complete: bool  # the course's completion rule is met
    completion_url: str
    missing: tuple[Missing, ...] = ()  # after a passed final exam: still required


def continuation(
    session: Session, person: Person, course_id: int, bank_id: str
) -> Continuation | None:
    """What the person does next after the quiz bank_id (None: nothing answers)."""
    results = next_step.send(
        None, session=session, person=person, course_id=course_id, bank_id=bank_id
    )
    return next((value for _receiver, value in results if value is not None), None)
