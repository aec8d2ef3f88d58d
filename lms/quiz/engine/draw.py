"""Draw an attempt's questions and display orders, reproducibly from a seed."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from lms.quiz.bank.schema import Bank, Item, Question, Scenario, item_size, item_tags
from lms.quiz.bank.types import handler_for


@dataclass(frozen=True)
class DrawnQuestion:
    """A question as one attempt shows it: orders of choices, items, options."""

    question: Question
    choice_order: tuple[str, ...] = ()
    item_order: tuple[str, ...] = ()
    right_order: tuple[str, ...] = ()


@dataclass(frozen=True)
class DrawnScenario:
    """A scenario drawn whole, its questions in file order."""

    scenario: Scenario
    questions: tuple[DrawnQuestion, ...]


DrawnItem = DrawnQuestion | DrawnScenario


def drawn_questions(items: Iterable[DrawnItem]) -> list[DrawnQuestion]:
    """The drawn questions in display order, scenarios flattened."""
    result: list[DrawnQuestion] = []
    for item in items:
        if isinstance(item, DrawnScenario):
            result.extend(item.questions)
        else:
            result.append(item)
    return result


def _pick(
    candidates: Sequence[int],
    sizes: Sequence[int],
    need: int,
    rng: random.Random,
    stale: Collection[int] = (),
) -> list[int]:
    """Random candidates whose sizes add up to ``need`` exactly when possible.

    Candidates in ``stale`` (already seen) come last: they are only taken when
    the others cannot make up ``need``.
    """
    order = list(candidates)
    rng.shuffle(order)
    order.sort(key=lambda index: index in stale)  # stable: keeps the shuffle
    limit = (1 << (need + 1)) - 1
    # reach[j]: bit s is set when items order[j:] can add up to s.
    reach = [0] * (len(order) + 1)
    reach[-1] = 1
    for j in range(len(order) - 1, -1, -1):
        reach[j] = (reach[j + 1] | reach[j + 1] << sizes[order[j]]) & limit
    exact = bool(reach[0] >> need & 1)
    picked: list[int] = []
    remaining = need
    for j, index in enumerate(order):
        size = sizes[index]
        if remaining == 0:
            break
        if size > remaining:
            continue
        # Without an exact solution, fall back to taking whatever fits.
        if not exact or reach[j + 1] >> (remaining - size) & 1:
            picked.append(index)
            remaining -= size
    return picked


def _item_question_ids(item: Item) -> list[str]:
    if isinstance(item, Scenario):
        return [q.id for q in item.questions]
    return [item.id]


def _chosen(bank: Bank, rng: random.Random, seen: Collection[str]) -> list[int]:
    items = bank.items
    sizes = [item_size(item) for item in items]
    stale = {
        i
        for i, item in enumerate(items)
        if any(qid in seen for qid in _item_question_ids(item))
    }
    draw = bank.settings.draw
    if draw is None:
        return list(range(len(items)))
    if isinstance(draw, int):
        return sorted(_pick(range(len(items)), sizes, draw, rng, stale))
    chosen: set[int] = set()
    for tag, count in draw.items():
        candidates = [
            i
            for i, item in enumerate(items)
            if i not in chosen and tag in item_tags(item)
        ]
        chosen.update(_pick(candidates, sizes, count, rng, stale))
    return sorted(chosen)


def _shuffled(ids: list[str], rng: random.Random) -> tuple[str, ...]:
    """A uniform shuffle. Never showing the key order would tell it away: two
    items would always be shown reversed."""
    order = list(ids)
    rng.shuffle(order)
    return tuple(order)


def _drawn_question(
    question: Question, shuffle_choices: bool, rng: random.Random
) -> DrawnQuestion:
    choice_ids = [c.id for c in question.choices]
    if shuffle_choices and not handler_for(question.type).fixed_choice_order:
        loose = [c.id for c in question.choices if not c.pinned]
        rng.shuffle(loose)
        choice_ids = loose + [c.id for c in question.choices if c.pinned]
    item_order = _shuffled([item.id for item in question.items], rng)
    right_order = _shuffled([rid for rid, _ in question.right_options], rng)
    return DrawnQuestion(question, tuple(choice_ids), item_order, right_order)


def _drawn_item(item: Item, shuffle_choices: bool, rng: random.Random) -> DrawnItem:
    if isinstance(item, Scenario):
        questions = tuple(
            _drawn_question(q, shuffle_choices, rng) for q in item.questions
        )
        return DrawnScenario(item, questions)
    return _drawn_question(item, shuffle_choices, rng)


def draw_questions(
    bank: Bank, seed: int, seen: Collection[str] = frozenset()
) -> list[DrawnItem]:
    """Draw per the bank's settings; the same bank, seed and seen ids give the
    same draw.

    ``seen`` holds the ids of questions the person was shown before: the draw
    takes unseen questions first and seen ones only where the unseen cannot
    make up a tag's count (a scenario counts as seen if any of it was).
    Scenarios are drawn whole and count as their number of questions; a
    question carrying several drawn tags is drawn at most once. Pinned choices
    stay last; ordering items and matching options are always shown shuffled.
    """
    # Reproducible from the stored seed; not used for anything secret.
    rng = random.Random(seed)  # noqa: S311
    indexes = _chosen(bank, rng, seen)
    if bank.settings.shuffle_questions:
        rng.shuffle(indexes)
    shuffle_choices = bank.settings.shuffle_choices
    return [_drawn_item(bank.items[i], shuffle_choices, rng) for i in indexes]
