"""What every question type provides: the `TypeHandler` base, scores, page views."""

from __future__ import annotations

import html
import random
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, ClassVar

from lms.errors import LmsError
from lms.quiz.bank.answers import Entry, Kind
from lms.quiz.bank.entries import Context
from lms.quiz.bank.schema import Choice, Question

Response = str | Set[str] | list[str] | tuple[str, ...] | Mapping[str, str] | None
FIELD_PREFIX = "a-"
_EPSILON = 1e-9
_TAG = re.compile(r"<[^>]+>")


class InvalidResponse(LmsError):
    """The response does not fit the question (unknown ids, wrong shape)."""


@dataclass(frozen=True)
class Score:
    """Points earned of ``max_points``; ``correct`` means full marks."""

    points: float
    max_points: float
    correct: bool


def score(question: Question, fraction: float) -> Score:
    """``fraction`` (clamped to 0..1) of the question's points."""
    fraction = min(1.0, max(0.0, fraction))
    # Nine places keep stored scores tidy; totals are rounded to six.
    points = min(question.points, round(fraction * question.points, 9))
    return Score(points, question.points, fraction >= 1 - _EPSILON)


def choices_by_id(question: Question, ids: Iterable[str]) -> list[Choice]:
    """The question's choices named by ``ids``; InvalidResponse for unknown ids."""
    by_id = {choice.id: choice for choice in question.choices}
    unknown = sorted(set(ids) - set(by_id))
    if unknown:
        raise InvalidResponse(f"{question.id}: no choice {', '.join(unknown)}")
    return [by_id[i] for i in ids]


def mapped_id(ids: Mapping[str, str], value: str) -> str:
    """``ids[value]``; InvalidResponse when the id is not one of them."""
    try:
        return ids[value]
    except KeyError:
        raise InvalidResponse(f"unknown option id {value[:40]!r}") from None


def plain_text(fragment: str) -> str:
    """Sanitized question HTML as one line of text."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


@dataclass(frozen=True)
class Option:
    id: str
    html: str


@dataclass(frozen=True)
class QuestionView:
    """A question as the attempt page shows it: no key, no feedback.

    ``template`` is the handler's template for the answer part of the page.
    """

    id: str
    number: int
    type: str
    stem_html: str
    points: float
    choices: tuple[Option, ...] = ()  # choice types
    items: tuple[Option, ...] = ()  # ordering, in shuffled order
    lefts: tuple[Option, ...] = ()  # matching
    rights: tuple[Option, ...] = ()  # matching, shuffled
    template: str = ""

    @property
    def field(self) -> str:
        return FIELD_PREFIX + self.id


class TypeHandler(ABC):
    """Everything one question type does, from the bank file to the HR export.

    A subclass sets ``name`` (the heading class, ``.name``) and ``kind`` (which
    answer lines it is written with: task list, ``=`` lines, numbered list or
    ``left -> right``), and implements the abstract methods. The defaults
    fit a type whose response is one form field holding one value.
    """

    name: ClassVar[str]
    kind: ClassVar[Kind]
    # Shuffling choices would make no sense (true before false).
    fixed_choice_order: ClassVar[bool] = False

    @property
    def template(self) -> str:
        """The template that renders the answer part of the attempt page."""
        return f"quiz/types/{self.name}.html"

    # --- parsing ---------------------------------------------------------

    def infer(self, entries: list[Entry], ctx: Context) -> str | None:
        """The type of a question of this kind that names no type class.

        One handler per kind answers (it may pick a sibling type); the others
        return None and are chosen only by their class.
        """
        return None

    @abstractmethod
    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        """The question with its answer fields filled; problems go to ``ctx``."""

    # --- grading ---------------------------------------------------------

    @abstractmethod
    def grade(self, question: Question, response: Response) -> Score:
        """Points for ``response``; None or empty scores 0, misfits raise."""

    @abstractmethod
    def key_response(self, question: Question) -> Response:
        """A response that earns full points (demo data, tests)."""

    def wrong_response(self, question: Question, rng: random.Random) -> Response:
        """A plausible wrong response for demo data, or None (no answer)."""
        return None

    # --- the attempt page ------------------------------------------------

    @abstractmethod
    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        """The response from the form fields the template sent."""

    def field_names(self, view: QuestionView) -> set[str]:
        """Every form field the template may send for this question."""
        return {view.field}

    def from_json(self, value: Any) -> Response:
        """A stored response (parsed JSON) back in the shape `grade` takes."""
        return value  # type: ignore[no-any-return]

    def translate(self, response: Response, ids: Mapping[str, str]) -> Response:
        """The response with every option id replaced through ``ids``.

        The attempt page names options by opaque per-attempt ids; this maps a
        response between those and the bank's ids, both ways. An id missing
        from ``ids`` raises InvalidResponse. The default fits free-text types,
        whose responses name no option.
        """
        return response

    # --- showing a response ----------------------------------------------

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        """The learner's non-empty response as safe HTML fragments (review)."""
        return ()

    def right_html(self, question: Question) -> tuple[str, ...]:
        """The right answer as safe HTML fragments (review with feedback)."""
        return ()

    def response_text(self, question: Question, response: Response) -> str:
        """The non-empty response in words, one line (HR exports)."""
        return str(response)
