"""Ordering: put a numbered list back in order; a position per item on the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import Context, entry_attrs
from lms.quiz.bank.render import render_inline
from lms.quiz.bank.schema import OrderItem, Question
from lms.quiz.bank.types.base import (
    InvalidResponse,
    QuestionView,
    Response,
    Score,
    TypeHandler,
    mapped_id,
    plain_text,
    score,
)


class IncompleteOrder(InvalidResponse):
    """Ordering positions missing or repeated: a learner's slip, not tampering."""


class OrderingHandler(TypeHandler):
    name = "ordering"
    kind = "ordered"

    def infer(self, entries: list[Entry], ctx: Context) -> str | None:
        return self.name

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        items = []
        for number, entry in enumerate(entries, start=1):
            text, _, _ = entry_attrs(entry, ctx)
            if not text:
                ctx.say(entry.line, N_("item %(number)s is empty", number=number))
            items.append(OrderItem(f"o{number}", render_inline(text), text))
        if len(items) < 2:
            ctx.say(
                question.line,
                f"an ordering question needs at least 2 items, found {len(items)}",
            )
        return replace(question, items=tuple(items))

    def grade(self, question: Question, response: Response) -> Score:
        """Share of the learner's adjacent pairs that are adjacent in the key."""
        if response is None or (isinstance(response, list | tuple) and not response):
            return score(question, 0)
        if not isinstance(response, list | tuple):
            raise InvalidResponse(f"{question.id}: expected a list of item ids")
        key = [item.id for item in question.items]
        if sorted(response) != sorted(key):
            raise InvalidResponse(f"{question.id}: the order must name each item once")
        if len(key) < 2:
            return score(question, 1)
        follows = dict(zip(key, key[1:], strict=False))
        right = sum(
            follows.get(a) == b for a, b in zip(response, response[1:], strict=False)
        )
        return score(question, right / (len(key) - 1))

    def key_response(self, question: Question) -> Response:
        return [item.id for item in question.items]

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        positions: dict[str, int] = {}
        for item in view.items:
            raw = values.get(f"{view.field}-{item.id}", [""])[0]
            if raw:
                if not raw.isdigit() or not 1 <= int(raw) <= len(view.items):
                    raise InvalidResponse(f"{view.id}: position {raw!r}")
                positions[item.id] = int(raw)
        if not positions:
            return None
        if len(positions) < len(view.items) or len(set(positions.values())) < len(
            positions
        ):
            raise IncompleteOrder(view.id)
        return [item for item, _ in sorted(positions.items(), key=lambda kv: kv[1])]

    def field_names(self, view: QuestionView) -> set[str]:
        return {f"{view.field}-{item.id}" for item in view.items}

    def translate(self, response: Response, ids: Mapping[str, str]) -> Response:
        if isinstance(response, list | tuple):
            return [mapped_id(ids, str(value)) for value in response]
        if isinstance(response, str) and response:
            return mapped_id(ids, response)
        return response

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        if not isinstance(response, list):
            return ()
        items = {i.id: i.text_html for i in question.items}
        return tuple(items.get(i, "") for i in response)

    def right_html(self, question: Question) -> tuple[str, ...]:
        return tuple(item.text_html for item in question.items)

    def response_text(self, question: Question, response: Response) -> str:
        if not isinstance(response, list):
            return str(response)
        items = {i.id: plain_text(i.text_html) for i in question.items}
        return " > ".join(items.get(iid, iid) for iid in response)


HANDLER = OrderingHandler()
