"""Leitner boxes and the refresher draw: pure, no Flask, no models.

Why Leitner boxes rather than SM-2 or FSRS: a box is one small number per
person and question that HR can read ("box 1: got it wrong last time"), the
rule fits in a sentence (wrong: back to box 1, right: one box up), and it
behaves sensibly after only a handful of reviews, which is all a refresher
every two weeks ever collects; fitted models need far more answers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

#: Days until a question in box N (index N - 1) is due again. Box 1 is due at
#: once, so a wrong answer is back in the very next refresher.
INTERVAL_DAYS = (0, 14, 28, 56, 112)
TOP_BOX = len(INTERVAL_DAYS)
#: At most this share of a refresher is new questions, at least one if any.
NEW_SHARE = 0.5


@dataclass(frozen=True)
class BoxState:
    """Where one question stands for one person."""

    box: int
    due_on: date


def next_box(box: int | None, correct: bool) -> int:
    """Wrong: box 1; right: one box up (a new question answered right: box 2)."""
    if not correct:
        return 1
    return min((box or 1) + 1, TOP_BOX)


def answered(box: int | None, correct: bool, day: date) -> BoxState:
    """The state after an answer on ``day``."""
    moved = next_box(box, correct)
    return BoxState(moved, day + timedelta(days=INTERVAL_DAYS[moved - 1]))


def select_questions(
    candidates: Sequence[str],
    boxes: Mapping[str, BoxState],
    today: date,
    count: int,
    seed: int,
) -> tuple[str, ...]:
    """The ``count`` questions of a refresher, the same for the same inputs.

    Due questions come first, lowest box first (the weakest); new questions
    (no box yet) take up to half the places (at least one when there are
    any); the rest is filled with the questions due soonest. The order shown
    is shuffled with ``seed``.
    """
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    pool = sorted(set(candidates))
    rng.shuffle(pool)  # ties broken by the seed, not by the bank's order
    count = min(count, len(pool))
    new = [q for q in pool if q not in boxes]
    known = [q for q in pool if q in boxes]
    due = sorted(
        (q for q in known if boxes[q].due_on <= today),
        key=lambda q: (boxes[q].box, boxes[q].due_on),
    )
    later = sorted(
        (q for q in known if boxes[q].due_on > today), key=lambda q: boxes[q].due_on
    )
    new_places = min(len(new), max(1, int(count * NEW_SHARE))) if new else 0
    chosen = due[: count - new_places]
    chosen += new[: count - len(chosen)]
    chosen += later[: count - len(chosen)]
    chosen += [q for q in new if q not in chosen][: count - len(chosen)]
    rng.shuffle(chosen)
    return tuple(chosen)


def first_due(certified_on: date, after_days: int) -> date:
    """The day of a person's first refresher."""
    return certified_on + timedelta(days=after_days)


def next_due(
    certified_on: date, after_days: int, every_days: int, last: date | None
) -> date:
    """The day the next refresher is due: the first one, or ``every_days``
    after the last one."""
    if last is None:
        return first_due(certified_on, after_days)
    return last + timedelta(days=every_days)
