"""Frozen dataclasses for question banks, as parsed from Markdown files."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from lms.content.schema import Problem

__all__ = [
    "Answer",
    "Bank",
    "BankSettings",
    "Choice",
    "ExamPools",
    "Grading",
    "Item",
    "MatchPair",
    "NumericAnswer",
    "OrderItem",
    "Problem",
    "Question",
    "Review",
    "ReviewWhen",
    "QuestionType",
    "Scenario",
    "is_exam_only",
    "item_size",
    "item_tags",
    "iter_questions",
]

# The name of a registered question type (see lms.quiz.bank.types), such as
# "single" or "matching"; plain text so that a new type needs no edit here.
QuestionType = str
Grading = Literal["highest", "last"]
Review = Literal["score", "answers", "feedback"]
ReviewWhen = Literal["immediately", "passed", "last_attempt"]
ExamPools = Literal["any", "exam_only"]


@dataclass(frozen=True)
class Choice:
    """One choice of a choice question; ``id`` is ``c1``, ``c2`` ... by position.

    ``weight`` is the percentage of the points a pick earns (negative subtracts);
    ``None`` means the default for the question type.
    """

    id: str
    text_html: str
    correct: bool
    feedback_html: str = ""
    pinned: bool = False
    weight: float | None = None
    text_md: str = ""
    feedback_md: str = ""


@dataclass(frozen=True)
class Answer:
    """An accepted short answer; ``weight`` ``None`` means 100 percent."""

    text: str
    weight: float | None = None
    feedback_html: str = ""
    feedback_md: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted numeric range; ``value``/``tolerance`` are kept for display.

    ``= 12 +- 1`` gives value 12, tolerance 1, low 11, high 13; ``= 10..20``
    gives value and tolerance ``None``, low 10, high 20.
    """

    low: float
    high: float
    value: float | None = None
    tolerance: float | None = None
    weight: float | None = None
    feedback_html: str = ""
    feedback_md: str = ""


@dataclass(frozen=True)
class OrderItem:
    """One item of an ordering question; ``id`` is ``o1``, ``o2`` ... in key order."""

    id: str
    text_html: str
    text_md: str = ""


@dataclass(frozen=True)
class MatchPair:
    """One line of a matching question; ``left_id`` ``None`` marks a distractor.

    Left ids are ``m1``, ``m2`` ... by position among the real pairs. Right ids
    are ``r1``, ``r2`` ... by first appearance of each distinct right text, so
    two lefts with the same right text share one right option.
    """

    left_id: str | None
    left_html: str | None
    right_id: str
    right_html: str
    left_md: str | None = None
    right_md: str = ""


@dataclass(frozen=True)
class Question:
    """One question; which answer fields are filled depends on ``type``."""

    id: str
    type: QuestionType
    stem_html: str
    points: float = 1.0
    tags: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    accepted: tuple[Answer, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    items: tuple[OrderItem, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    general_feedback_html: str = ""
    line: int = 0
    stem_md: str = ""
    general_feedback_md: str = ""
    # Shown in exams only: marked `.exam-only`, or written in an exam-only bank.
    exam_only: bool = False

    @property
    def right_options(self) -> tuple[tuple[str, str], ...]:
        """Distinct right-hand options of a matching question as (id, html)."""
        seen: dict[str, str] = {}
        for pair in self.pairs:
            seen.setdefault(pair.right_id, pair.right_html)
        return tuple(seen.items())


@dataclass(frozen=True)
class Scenario:
    """A shared case whose questions are always drawn together."""

    id: str
    title_html: str
    case_html: str
    questions: tuple[Question, ...]
    tags: tuple[str, ...] = ()
    line: int = 0
    title_md: str = ""
    case_md: str = ""
    exam_only: bool = False


Item = Question | Scenario


@dataclass(frozen=True)
class BankSettings:
    """Front-matter settings of a bank; ``None`` means unlimited / all."""

    pass_mark: float = 80.0
    attempts: int | None = None
    delay_minutes: int = 0
    time_limit_minutes: int | None = None
    draw: int | Mapping[str, int] | None = None
    questions_per_page: int = 0
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    grading: Grading = "highest"
    review: Review = "feedback"
    review_when: ReviewWhen = "immediately"
    include: tuple[str, ...] = ()
    # A pool for exams only: never played on its own, never in a practice quiz.
    exam_only: bool = False
    # "exam_only": every bank this one includes must be an exam-only pool.
    exam_pools: ExamPools = "any"


@dataclass(frozen=True)
class Bank:
    """A parsed question bank; ``items`` keeps the file order."""

    id: str
    title: str
    path: str
    language: str = "en"
    settings: BankSettings = field(default_factory=BankSettings)
    items: tuple[Item, ...] = ()
    # Line of each front-matter key, so later checks (includes, draws) can
    # point at it.
    key_lines: Mapping[str, int] = field(
        default_factory=dict, compare=False, repr=False
    )

    def questions(self) -> Iterator[Question]:
        """Every question, those inside scenarios included, in file order."""
        return iter_questions(self.items)


def iter_questions(items: tuple[Item, ...] | list[Item]) -> Iterator[Question]:
    """Every question of ``items``, flattening scenarios, in order."""
    for item in items:
        if isinstance(item, Scenario):
            yield from item.questions
        else:
            yield item


def item_size(item: Item) -> int:
    """How many questions an item counts as when drawing."""
    return len(item.questions) if isinstance(item, Scenario) else 1


def item_tags(item: Item) -> tuple[str, ...]:
    """The tags a draw looks at: a scenario's own tags, or the question's."""
    return item.tags


def is_exam_only(item: Item) -> bool:
    """Whether an item may only be shown in an exam (a scenario: any of it)."""
    if isinstance(item, Scenario):
        return item.exam_only or any(q.exam_only for q in item.questions)
    return item.exam_only
