"""Pure grading: one grader per question type, and totals for an attempt.

Responses by question type:

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

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass

from lms.errors import LmsError
from lms.quiz.bank.schema import Choice, Item, Question, Scenario
from lms.quiz.engine.draw import DrawnItem, drawn_questions

Response = str | Set[str] | list[str] | tuple[str, ...] | Mapping[str, str] | None

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_EPSILON = 1e-9


class InvalidResponse(LmsError):
    """The response does not fit the question (unknown ids, wrong shape)."""


@dataclass(frozen=True)
class Score:
    """Points earned of ``max_points``; ``correct`` means full marks."""

    points: float
    max_points: float
    correct: bool


def _score(question: Question, fraction: float) -> Score:
    fraction = min(1.0, max(0.0, fraction))
    # Nine places keep stored scores tidy; totals are rounded to six.
    points = min(question.points, round(fraction * question.points, 9))
    return Score(points, question.points, fraction >= 1 - _EPSILON)


def _choice_ids(question: Question, ids: Iterable[str]) -> list[Choice]:
    by_id = {choice.id: choice for choice in question.choices}
    unknown = sorted(set(ids) - set(by_id))
    if unknown:
        raise InvalidResponse(f"{question.id}: no choice {', '.join(unknown)}")
    return [by_id[i] for i in ids]


def grade_single(question: Question, response: Response) -> Score:
    """All or nothing, unless the author gave a wrong choice a partial weight."""
    if isinstance(response, Set | list | tuple) and len(response) <= 1:
        response = next(iter(response), None)
    if not response:
        return _score(question, 0)
    if not isinstance(response, str):
        raise InvalidResponse(f"{question.id}: choose one choice")
    (choice,) = _choice_ids(question, [response])
    if choice.correct:
        return _score(question, 1)
    return _score(question, (choice.weight or 0) / 100)


def grade_multiple(question: Question, response: Response) -> Score:
    """Each right pick earns its share, each wrong pick subtracts one share.

    The share is 1/k of the points for k correct choices; with weights, a
    pick earns its weight in percent (negative weights subtract). The total
    is clamped to 0 .. points.
    """
    if response is None:
        return _score(question, 0)
    if isinstance(response, str | Mapping):
        raise InvalidResponse(f"{question.id}: expected a set of choice ids")
    picked = _choice_ids(question, set(response))
    correct = sum(c.correct for c in question.choices)
    if correct == 0:
        return _score(question, 0)
    if any(c.weight is not None for c in question.choices):
        total = sum(c.weight or 0 for c in picked) / 100
    else:
        total = sum(1 if c.correct else -1 for c in picked) / correct
    return _score(question, total)


def normalize_text(text: str) -> str:
    """Compare short answers ignoring case, width forms and extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def grade_short(question: Question, response: Response) -> Score:
    """The best weight among accepted answers equal to the response."""
    if response is None:
        return _score(question, 0)
    if not isinstance(response, str):
        raise InvalidResponse(f"{question.id}: expected text")
    given = normalize_text(response)
    if not given:
        return _score(question, 0)
    weights = [
        (answer.weight if answer.weight is not None else 100) / 100
        for answer in question.accepted
        if normalize_text(answer.text) == given
    ]
    return _score(question, max(weights, default=0))


def parse_number(text: str) -> float | None:
    """A learner's number: `12.5`, `12,5`, ` -3 `, full-width digits; else None."""
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def grade_numeric(question: Question, response: Response) -> Score:
    """Full points (or the answer's weight) when inside an accepted range."""
    if response is None:
        return _score(question, 0)
    if not isinstance(response, str):
        raise InvalidResponse(f"{question.id}: expected a number as text")
    value = parse_number(response)
    if value is None:
        return _score(question, 0)
    slack = _EPSILON * max(1.0, abs(value))
    weights = [
        (answer.weight if answer.weight is not None else 100) / 100
        for answer in question.numeric
        if answer.low - slack <= value <= answer.high + slack
    ]
    return _score(question, max(weights, default=0))


def grade_ordering(question: Question, response: Response) -> Score:
    """Share of the learner's adjacent pairs that are adjacent in the key."""
    if response is None or (isinstance(response, list | tuple) and not response):
        return _score(question, 0)
    if not isinstance(response, list | tuple):
        raise InvalidResponse(f"{question.id}: expected a list of item ids")
    key = [item.id for item in question.items]
    if sorted(response) != sorted(key):
        raise InvalidResponse(f"{question.id}: the order must name each item once")
    if len(key) < 2:
        return _score(question, 1)
    follows = dict(zip(key, key[1:], strict=False))
    right = sum(
        follows.get(a) == b for a, b in zip(response, response[1:], strict=False)
    )
    return _score(question, right / (len(key) - 1))


def grade_matching(question: Question, response: Response) -> Score:
    """Share of left items matched to their right option."""
    if response is None:
        return _score(question, 0)
    if not isinstance(response, Mapping):
        raise InvalidResponse(f"{question.id}: expected left id -> right id")
    key = {p.left_id: p.right_id for p in question.pairs if p.left_id is not None}
    rights = {p.right_id for p in question.pairs}
    for left, right in response.items():
        if left not in key or (right and right not in rights):
            raise InvalidResponse(f"{question.id}: no pair {left} -> {right}")
    if not key:
        return _score(question, 0)
    right_count = sum(response.get(left) == right for left, right in key.items())
    return _score(question, right_count / len(key))


Grader = Callable[[Question, Response], Score]
GRADERS: dict[str, Grader] = {
    "single": grade_single,
    "truefalse": grade_single,
    "multiple": grade_multiple,
    "short": grade_short,
    "numeric": grade_numeric,
    "ordering": grade_ordering,
    "matching": grade_matching,
}


def grade_question(question: Question, response: Response) -> Score:
    """Grade with the registered grader for the question's type."""
    return GRADERS[question.type](question, response)


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
    items: Iterable[DrawnItem | Item], responses: Mapping[str, Response]
) -> tuple[float, float, float]:
    """(points, max points, percent) over the drawn items; keys are question ids.

    Questions missing from ``responses`` are unanswered and score 0.
    """
    points = max_points = 0.0
    for question in _questions(items):
        score = grade_question(question, responses.get(question.id))
        points += score.points
        max_points += score.max_points
    percent = 100 * points / max_points if max_points else 0.0
    return round(points, 6), round(max_points, 6), round(percent, 4)
