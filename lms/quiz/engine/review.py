"""What a learner may see of a submitted attempt, by the bank's review policy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from lms.quiz.bank.schema import BankSettings, Question
from lms.quiz.bank.types import handler_for
from lms.quiz.engine.draw import DrawnItem, drawn_questions
from lms.quiz.engine.grading import Response
from lms.quiz.engine.paper import decode

LEVELS = ("score", "answers", "feedback")


class AttemptRecord(Protocol):
    """What the review rules read of a stored attempt (``lms.models.Attempt``)."""

    @property
    def number(self) -> int: ...
    @property
    def submitted_at(self) -> datetime | None: ...
    @property
    def percent(self) -> float | None: ...
    @property
    def passed(self) -> bool | None: ...


AttemptT = TypeVar("AttemptT", bound=AttemptRecord)


@dataclass(frozen=True)
class ReviewItem:
    number: int
    stem_html: str
    your_answer: tuple[str, ...]  # HTML fragments, sanitized at parse time or escaped
    points: float
    max_points: float
    correct: bool | None  # None: the policy does not show right and wrong yet
    right_answer: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()


def review_level(
    settings: BankSettings,
    attempt: AttemptRecord,
    attempts: Sequence[AttemptRecord],
) -> str:
    """How much of a submitted attempt its learner sees now."""
    when = settings.review_when
    if when == "passed":
        allowed = any(a.passed for a in attempts)
    elif when == "last_attempt":
        finished = sum(1 for a in attempts if a.submitted_at is not None)
        allowed = settings.attempts is not None and finished >= settings.attempts
    else:
        allowed = True
    return settings.review if allowed else "score"


def official_result(
    settings: BankSettings, attempts: Sequence[AttemptT]
) -> AttemptT | None:
    """The attempt that counts: the best one, or the last one, by the bank's rule."""
    done = [a for a in attempts if a.submitted_at is not None and a.percent is not None]
    if not done:
        return None
    if settings.grading == "last":
        return max(done, key=lambda a: a.number)
    return max(done, key=lambda a: (a.percent or 0.0, -a.number))


def _answer_html(question: Question, response: Response) -> tuple[str, ...]:
    if response is None or response == "" or response == frozenset():
        return ()
    return handler_for(question.type).answer_html(question, response)


def _feedback_html(question: Question, response: Response) -> tuple[str, ...]:
    chosen: set[str] = set()
    if isinstance(response, str):
        chosen = {response}
    elif isinstance(response, (set, frozenset, list)):
        chosen = set(response)
    notes = [
        c.feedback_html for c in question.choices if c.id in chosen and c.feedback_html
    ]
    if question.general_feedback_html:
        notes.append(question.general_feedback_html)
    return tuple(notes)


def build_review(
    items: Sequence[DrawnItem],
    answers: Mapping[str, tuple[str, float | None, float | None]],
    level: str,
) -> list[ReviewItem]:
    """``answers``: question id -> (response JSON, points, max points)."""
    review = []
    for number, drawn in enumerate(drawn_questions(items), start=1):
        question = drawn.question
        raw, points, max_points = answers.get(
            question.id, ("null", 0.0, question.points)
        )
        response = decode(question.type, raw)
        earned, possible = points or 0.0, max_points or question.points
        show = level in ("answers", "feedback")
        review.append(
            ReviewItem(
                number=number,
                stem_html=question.stem_html,
                your_answer=_answer_html(question, response) if show else (),
                points=earned,
                max_points=possible,
                correct=(earned >= possible - 1e-9) if show else None,
                right_answer=handler_for(question.type).right_html(question)
                if level == "feedback"
                else (),
                feedback=_feedback_html(question, response)
                if level == "feedback"
                else (),
            )
        )
    return review
