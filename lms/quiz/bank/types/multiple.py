"""Multiple response: any number of task-list choices; checkboxes on the page."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence, Set
from dataclasses import replace
from typing import Any

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import Context, build_choices, check_weights
from lms.quiz.bank.schema import Question
from lms.quiz.bank.types.base import (
    InvalidResponse,
    QuestionView,
    Response,
    Score,
    TypeHandler,
    choices_by_id,
    mapped_id,
    plain_text,
    score,
)


class MultipleHandler(TypeHandler):
    name = "multiple"
    kind = "task"

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        choices = build_choices(entries, ctx)
        if not any(c.correct for c in choices):
            ctx.say(
                question.line,
                N_(
                    "a multiple-response question needs at least one correct "
                    "choice '- [x]'"
                ),
            )
        elif any(c.weight is not None for c in choices):
            check_weights(choices, ctx, question.line)
        return replace(question, choices=choices)

    def grade(self, question: Question, response: Response) -> Score:
        """Each right pick earns its share, each wrong pick subtracts one share.

        The share is 1/k of the points for k correct choices; with weights, a
        pick earns its weight in percent (negative weights subtract). The total
        is clamped to 0 .. points.
        """
        if response is None:
            return score(question, 0)
        if isinstance(response, str | Mapping):
            raise InvalidResponse(f"{question.id}: expected a set of choice ids")
        picked = choices_by_id(question, set(response))
        correct = sum(c.correct for c in question.choices)
        if correct == 0:
            return score(question, 0)
        if any(c.weight is not None for c in question.choices):
            total = sum(c.weight or 0 for c in picked) / 100
        else:
            total = sum(1 if c.correct else -1 for c in picked) / correct
        return score(question, total)

    def key_response(self, question: Question) -> Response:
        if any(c.weight is not None for c in question.choices):
            return frozenset(c.id for c in question.choices if (c.weight or 0) > 0)
        return frozenset(c.id for c in question.choices if c.correct)

    def wrong_response(self, question: Question, rng: random.Random) -> Response:
        wrong = [c.id for c in question.choices if not c.correct]
        return frozenset(rng.sample(wrong, k=1)) if wrong else None

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        return frozenset(v for v in values.get(view.field, []) if v)

    def from_json(self, value: Any) -> Response:
        return frozenset(value) if isinstance(value, list) else value

    def translate(self, response: Response, ids: Mapping[str, str]) -> Response:
        if isinstance(response, Set | list | tuple):
            return frozenset(mapped_id(ids, str(value)) for value in response)
        if isinstance(response, str) and response:
            return mapped_id(ids, response)
        return response

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        if not isinstance(response, (set, frozenset, list)):
            return ()
        choices = {c.id: c.text_html for c in question.choices}
        return tuple(choices[c] for c in sorted(response) if c in choices)

    def right_html(self, question: Question) -> tuple[str, ...]:
        return tuple(c.text_html for c in question.choices if c.correct)

    def response_text(self, question: Question, response: Response) -> str:
        if isinstance(response, (str, dict)) or response is None:
            return str(response)
        choices = {c.id: plain_text(c.text_html) for c in question.choices}
        picked = [cid for cid in choices if cid in response]
        picked += sorted(set(response) - set(choices))
        return "; ".join(choices.get(cid, cid) for cid in picked)


HANDLER = MultipleHandler()
