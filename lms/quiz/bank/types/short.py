"""Short answer: typed text compared with the accepted answers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from html import escape

from lms.quiz.bank.answers import Entry
from lms.quiz.bank.blocks import split_trailing_attrs
from lms.quiz.bank.entries import NUMERIC_HELP, Context, eq_answers, parse_numeric
from lms.quiz.bank.schema import Answer, Question
from lms.quiz.bank.types.base import (
    InvalidResponse,
    QuestionView,
    Response,
    Score,
    TypeHandler,
    score,
)

_NUMERIC_INTENT = re.compile(r"^[-+]?\.?\d.*(?:\+-|±|\.\.)")
MAX_TEXT = 500


def normalize_text(text: str) -> str:
    """Compare short answers ignoring case, width forms and extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def read_text(view: QuestionView, values: Mapping[str, Sequence[str]]) -> Response:
    """The one text field of a typed answer, trimmed to what the page allows."""
    first = values.get(view.field, [""])
    return first[0].strip()[:MAX_TEXT] if first else None


class ShortHandler(TypeHandler):
    name = "short"
    kind = "eq"

    def infer(self, entries: list[Entry], ctx: Context) -> str | None:
        """Numeric when every answer reads as a number, else short."""
        texts = [split_trailing_attrs(e.text[-1])[0].strip() for e in entries]
        if texts and all(parse_numeric(t) is not None for t in texts):
            return "numeric"
        for entry, text in zip(entries, texts, strict=True):
            if _NUMERIC_INTENT.match(text) and parse_numeric(text) is None:
                ctx.say(
                    entry.line,
                    f"bad numeric answer '= {text}' ({NUMERIC_HELP}; "
                    "add .short if it is text)",
                )
        return "short"

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        accepted = eq_answers(
            entries,
            ctx,
            question.line,
            lambda entry, text, weight, feedback_md, feedback_html: Answer(
                text, weight, feedback_html, feedback_md
            ),
        )
        return replace(question, accepted=accepted)

    def grade(self, question: Question, response: Response) -> Score:
        """The best weight among accepted answers equal to the response."""
        if response is None:
            return score(question, 0)
        if not isinstance(response, str):
            raise InvalidResponse(f"{question.id}: expected text")
        given = normalize_text(response)
        if not given:
            return score(question, 0)
        weights = [
            (answer.weight if answer.weight is not None else 100) / 100
            for answer in question.accepted
            if normalize_text(answer.text) == given
        ]
        return score(question, max(weights, default=0))

    def key_response(self, question: Question) -> Response:
        best = max(
            question.accepted, key=lambda a: 100 if a.weight is None else a.weight
        )
        return best.text

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        return read_text(view, values)

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        return (escape(str(response)),)

    def right_html(self, question: Question) -> tuple[str, ...]:
        return tuple(
            escape(a.text) for a in question.accepted if (a.weight or 100) >= 100
        )


HANDLER = ShortHandler()
