"""Matching: pair each left item with a right option; a select per left item."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import Context, entry_attrs
from lms.quiz.bank.render import render_inline
from lms.quiz.bank.schema import MatchPair, Question
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


class MatchingHandler(TypeHandler):
    name = "matching"
    kind = "match"

    def infer(self, entries: list[Entry], ctx: Context) -> str | None:
        return self.name

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        pairs: list[MatchPair] = []
        right_ids: dict[str, str] = {}
        lefts = 0
        for entry in entries:
            right, _, _ = entry_attrs(entry, ctx)
            if not right:
                ctx.say(entry.line, N_("'-> right' side is empty"))
            right_id = right_ids.setdefault(right, f"r{len(right_ids) + 1}")
            left_id, left_html = None, None
            if entry.left:
                lefts += 1
                left_id, left_html = f"m{lefts}", render_inline(entry.left)
            pair = MatchPair(
                left_id,
                left_html,
                right_id,
                render_inline(right),
                entry.left or None,
                right,
            )
            pairs.append(pair)
        real = sum(p.left_id is not None for p in pairs)
        if real < 2:
            ctx.say(
                question.line,
                N_(
                    "a matching question needs at least 2 'left -> right' pairs, "
                    "found %(count)s",
                    count=real,
                ),
            )
        return replace(question, pairs=tuple(pairs))

    def grade(self, question: Question, response: Response) -> Score:
        """Share of left items matched to their right option."""
        if response is None:
            return score(question, 0)
        if not isinstance(response, Mapping):
            raise InvalidResponse(f"{question.id}: expected left id -> right id")
        key = {p.left_id: p.right_id for p in question.pairs if p.left_id is not None}
        rights = {p.right_id for p in question.pairs}
        for left, right in response.items():
            if left not in key or (right and right not in rights):
                raise InvalidResponse(f"{question.id}: no pair {left} -> {right}")
        if not key:
            return score(question, 0)
        right_count = sum(response.get(left) == right for left, right in key.items())
        return score(question, right_count / len(key))

    def key_response(self, question: Question) -> Response:
        return {p.left_id: p.right_id for p in question.pairs if p.left_id is not None}

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        chosen = {
            left.id: values.get(f"{view.field}-{left.id}", [""])[0]
            for left in view.lefts
        }
        return {left: right for left, right in chosen.items() if right} or None

    def field_names(self, view: QuestionView) -> set[str]:
        return {f"{view.field}-{left.id}" for left in view.lefts}

    def translate(self, response: Response, ids: Mapping[str, str]) -> Response:
        if isinstance(response, Mapping):
            return {
                mapped_id(ids, str(left)): mapped_id(ids, str(right)) if right else ""
                for left, right in response.items()
            }
        if isinstance(response, str) and response:
            return mapped_id(ids, response)
        return response

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        if not isinstance(response, Mapping):
            return ()
        lefts = {p.left_id: p.left_html for p in question.pairs if p.left_id}
        rights = dict(question.right_options)
        return tuple(
            f"{lefts.get(left, '')} → {rights.get(right, '')}"
            for left, right in response.items()
        )

    def right_html(self, question: Question) -> tuple[str, ...]:
        return tuple(
            f"{p.left_html} → {p.right_html}" for p in question.pairs if p.left_id
        )

    def response_text(self, question: Question, response: Response) -> str:
        if not isinstance(response, dict):
            return str(response)
        lefts = {p.left_id: plain_text(p.left_html or "") for p in question.pairs}
        rights = {rid: plain_text(text) for rid, text in question.right_options}
        return "; ".join(
            f"{lefts.get(left, left)} → {rights.get(right, right)}"
            for left, right in response.items()
        )


HANDLER = MatchingHandler()
