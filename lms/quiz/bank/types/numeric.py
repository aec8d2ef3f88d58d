"""Numeric: a typed number inside an accepted value, tolerance or range."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from html import escape

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import NUMERIC_HELP, Context, eq_answers, parse_numeric
from lms.quiz.bank.schema import NumericAnswer, Question
from lms.quiz.bank.types.base import (
    InvalidResponse,
    QuestionView,
    Response,
    Score,
    TypeHandler,
    score,
)
from lms.quiz.bank.types.short import read_text

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_EPSILON = 1e-9


def parse_number(text: str) -> float | None:
    """A learner's number: `12.5`, `12,5`, ` -3 `, full-width digits; else None."""
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


class NumericHandler(TypeHandler):
    name = "numeric"
    kind = "eq"

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        def make(
            entry: Entry,
            text: str,
            weight: float | None,
            feedback_md: str,
            feedback_html: str,
        ) -> NumericAnswer | None:
            key = parse_numeric(text)
            if key is None:
                ctx.say(
                    entry.line,
                    N_(
                        "bad numeric answer '= %(text)s' (%(help)s)",
                        text=text,
                        help=NUMERIC_HELP,
                    ),
                )
                return None
            return replace(
                key,
                weight=weight,
                feedback_html=feedback_html,
                feedback_md=feedback_md,
            )

        numeric = eq_answers(entries, ctx, question.line, make)
        return replace(question, numeric=numeric)

    def grade(self, question: Question, response: Response) -> Score:
        """Full points (or the answer's weight) when inside an accepted range."""
        if response is None:
            return score(question, 0)
        if not isinstance(response, str):
            raise InvalidResponse(f"{question.id}: expected a number as text")
        value = parse_number(response)
        if value is None:
            return score(question, 0)
        slack = _EPSILON * max(1.0, abs(value))
        weights = [
            (answer.weight if answer.weight is not None else 100) / 100
            for answer in question.numeric
            if answer.low - slack <= value <= answer.high + slack
        ]
        return score(question, max(weights, default=0))

    def key_response(self, question: Question) -> Response:
        answer = max(
            question.numeric, key=lambda a: 100 if a.weight is None else a.weight
        )
        value = (
            answer.value if answer.value is not None else (answer.low + answer.high) / 2
        )
        return f"{value:g}"

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        return read_text(view, values)

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        return (escape(str(response)),)

    def right_html(self, question: Question) -> tuple[str, ...]:
        shown = []
        for answer in question.numeric:
            if answer.value is not None and answer.tolerance:
                shown.append(f"{answer.value:g} ± {answer.tolerance:g}")
            elif answer.value is not None:
                shown.append(f"{answer.value:g}")
            else:
                shown.append(f"{answer.low:g} – {answer.high:g}")
        return tuple(shown)


HANDLER = NumericHandler()
