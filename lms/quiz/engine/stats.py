"""Per-question statistics of a bank: difficulty, discrimination, choice popularity.

Pure: it takes graded answers, not the database. Discrimination is the
corrected item-total correlation (the question against the rest of the
attempt), so a question does not correlate with itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lms.quiz.bank.schema import Question


@dataclass(frozen=True)
class GradedAnswer:
    attempt: int
    question_id: str
    fraction: float  # points / max points, 0..1
    response: object


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    stem_html: str
    answered: int
    share_correct: float | None  # mean fraction of points
    discrimination: float | None
    choice_picks: tuple[tuple[str, str, int, bool], ...] = field(default=())
    # (choice id, text html, times picked, is right)

    @property
    def weak(self) -> bool:
        """Worth a look: nearly nobody or everybody gets it, or it does not separate."""
        if self.answered < 5:
            return False
        share = self.share_correct
        easy_or_hard = share is not None and not 0.15 <= share <= 0.95
        flat = self.discrimination is not None and self.discrimination < 0.15
        return easy_or_hard or flat


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 3:
        return None
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _picks(response: object) -> list[str]:
    if isinstance(response, str):
        return [response]
    if isinstance(response, (list, tuple, set, frozenset)):
        return [str(r) for r in response]
    return []


def question_stats(
    questions: Iterable[Question], answers: Iterable[GradedAnswer]
) -> list[QuestionStats]:
    by_attempt: dict[int, dict[str, GradedAnswer]] = {}
    for answer in answers:
        by_attempt.setdefault(answer.attempt, {})[answer.question_id] = answer
    totals = {
        attempt: sum(a.fraction for a in graded.values())
        for attempt, graded in by_attempt.items()
    }
    result = []
    for question in questions:
        mine = [g[question.id] for g in by_attempt.values() if question.id in g]
        fractions = [a.fraction for a in mine]
        rest = [totals[a.attempt] - a.fraction for a in mine]
        counts: Counter[str] = Counter(
            pick for a in mine for pick in _picks(a.response)
        )
        result.append(
            QuestionStats(
                question_id=question.id,
                stem_html=question.stem_html,
                answered=len(mine),
                share_correct=sum(fractions) / len(fractions) if fractions else None,
                discrimination=correlation(fractions, rest),
                choice_picks=tuple(
                    (c.id, c.text_html, counts.get(c.id, 0), c.correct)
                    for c in question.choices
                ),
            )
        )
    return result


def as_percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def summarize(stats: Sequence[QuestionStats]) -> Mapping[str, int]:
    return {"questions": len(stats), "weak": sum(1 for s in stats if s.weak)}
