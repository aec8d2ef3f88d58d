"""Grading through the type registry, and the totals of an attempt.

Each question type grades its own responses (``lms.quiz.bank.types``). Their
shapes, by built-in type:

- ``single``, ``truefalse``: ``str``, the chosen choice id (``"c2"``);
- ``multiple``: a set (or list/tuple) of chosen choice ids;
- ``short``, ``numeric``: ``str``, the text typed (``"12,5"`` is 12.5);
- ``ordering``: a list/tuple of all item ids in the learner's order;
- ``matching``: a mapping of left id (``"m1"``) to right id (``"r3"``);
  a left missing or mapped to ``""`` is unanswered.

``None`` (or an empty value) is an unanswered question and scores 0. A
response naming ids the question does not have raises `InvalidResponse`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from lms.quiz.bank.schema import Item, Question, Scenario
from lms.quiz.bank.types import HANDLERS, handler_for
from lms.quiz.bank.types.base import InvalidResponse, Response, Score
from lms.quiz.bank.types.numeric import parse_number
from lms.quiz.bank.types.short import normalize_text
from lms.quiz.engine.draw import DrawnItem, drawn_questions

__all__ = [
    "GRADERS",
    "Grader",
    "InvalidResponse",
    "Response",
    "Score",
    "grade_attempt",
    "grade_question",
    "normalize_text",
    "parse_number",
]

Grader = Callable[[Question, Response], Score]


class _Graders(Mapping[str, Grader]):
    """Type name -> grader, read from the registry (types added later too)."""

    def __getitem__(self, name: str) -> Grader:
        return HANDLERS[name].grade

    def __iter__(self) -> Iterator[str]:
        return iter(HANDLERS)

    def __len__(self) -> int:
        return len(HANDLERS)


GRADERS: Mapping[str, Grader] = _Graders()


def grade_question(question: Question, response: Response) -> Score:
    """Grade with the registered handler of the question's type."""
    return handler_for(question.type).grade(question, response)


def _questions(items: Iterable[DrawnItem | Item]) -> list[Question]:
    result: list[Question] = []
    for item in items:
        if isinstance(item, Question):
            result.append(item)
        elif isinstance(item, Scenario):
            result.extend(item.questions)
        else:
            result.extend(drawn.question for drawn in drawn_questions([item]))
    return result


def grade_attempt(
    items: Iterable[DrawnItem | Item],
    responses: Mapping[str, Response],
    scores: dict[str, Score] | None = None,
) -> tuple[float, float, float]:
    """(points, max points, percent) over the drawn items; keys are question ids.

    Questions missing from ``responses`` are unanswered and score 0, and so
    does a stored response that does not fit its question. When ``scores``
    is given, it receives each question's `Score` by question id.
    """
    points = max_points = 0.0
    for question in _questions(items):
        try:
            score = grade_question(question, responses.get(question.id))
        except InvalidResponse:
            score = grade_question(question, None)
        if scores is not None:
            scores[question.id] = score
        points += score.points
        max_points += score.max_points
    percent = 100 * points / max_points if max_points else 0.0
    return round(points, 6), round(max_points, 6), round(percent, 4)
