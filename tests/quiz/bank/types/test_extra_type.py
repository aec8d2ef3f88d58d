"""A question type added by one module (this one) runs the whole way through.

``EstimateHandler`` is all a new type needs besides its template: the parser
reads ``{.estimate}`` headings, the draw and the attempt page show it, its
form field becomes a response, grading, totals, review and the HR export
all use it. It borrows the numeric type's template, so the test touches no
file of the application.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from html import escape

import pytest
from flask import Flask, render_template_string

from lms.hr.reports.attempts import response_text
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import Context, eq_answers, parse_numeric
from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.schema import NumericAnswer, Question
from lms.quiz.bank.types import HANDLERS, register, unregister
from lms.quiz.bank.types.base import (
    InvalidResponse,
    QuestionView,
    Response,
    Score,
    TypeHandler,
    score,
)
from lms.quiz.bank.types.numeric import parse_number
from lms.quiz.bank.types.short import read_text
from lms.quiz.engine.draw import draw_questions, drawn_questions
from lms.quiz.engine.grading import grade_attempt, grade_question
from lms.quiz.engine.paper import (
    decode,
    encode,
    paper,
    questions_of,
    response_from_fields,
    unknown_fields,
)
from lms.quiz.engine.review import build_review
from lms.quiz.gift.convert import export_gift
from tests.quiz.banks import PATH, front, parse_ok


class EstimateHandler(TypeHandler):
    """Full points within 10 % of the value, half within 25 %."""

    name = "estimate"
    kind = "eq"

    @property
    def template(self) -> str:
        return "quiz/types/numeric.html"

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        def make(
            entry: Entry, text: str, weight: float | None, md: str, html: str
        ) -> NumericAnswer | None:
            key = parse_numeric(text)
            if key is None or key.value is None or key.tolerance:
                ctx.say(entry.line, f"an estimate needs one number, not '{text}'")
                return None
            return key

        numeric = eq_answers(entries, ctx, question.line, make)
        if len(numeric) > 1:
            ctx.say(question.line, "an estimate has one value")
        return replace(question, numeric=numeric)

    def grade(self, question: Question, response: Response) -> Score:
        if response is None:
            return score(question, 0)
        if not isinstance(response, str):
            raise InvalidResponse(f"{question.id}: expected a number as text")
        given = parse_number(response)
        target = question.numeric[0].low
        if given is None:
            return score(question, 0)
        error = abs(given - target) / abs(target) if target else abs(given)
        return score(question, 1 if error <= 0.1 else 0.5 if error <= 0.25 else 0)

    def key_response(self, question: Question) -> Response:
        return f"{question.numeric[0].low:g}"

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        return read_text(view, values)

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        return (escape(str(response)),)

    def right_html(self, question: Question) -> tuple[str, ...]:
        return (f"about {question.numeric[0].low:g}",)

    def response_text(self, question: Question, response: Response) -> str:
        return f"about {response}"


BANK = front("draw: 2\n") + (
    "## How many calls a day? {#q-calls .estimate points=2}\n\n= 200\n\n"
    "## Pick one {#q-pick}\n\n- [x] right\n- [ ] wrong\n"
)


@pytest.fixture
def estimate() -> Iterator[TypeHandler]:
    handler = register(EstimateHandler())
    yield handler
    unregister(handler.name)


def test_unknown_until_registered() -> None:
    assert "estimate" not in HANDLERS
    _bank, problems = parse_bank(BANK, PATH)
    assert any("unknown class '.estimate'" in p.message for p in problems)


@pytest.mark.usefixtures("estimate")
def test_parse_checks_are_the_handlers() -> None:
    _bank, problems = parse_bank(front() + "## E {#q-e .estimate}\n\n= 1..2\n", PATH)
    assert [p.message for p in problems] == [
        "question q-e: an estimate needs one number, not '1..2'"
    ]
    _bank, problems = parse_bank(front() + "## E {#q-e .estimate}\n\n- [x] a\n", PATH)
    assert "does not fit task-list" in problems[0].message


def test_an_extra_type_runs_from_parse_to_export(
    app: Flask, estimate: TypeHandler
) -> None:
    bank = parse_ok(BANK)
    question = next(q for q in bank.questions() if q.id == "q-calls")
    assert question.type == "estimate"
    assert question.numeric[0].low == 200

    items = draw_questions(bank, seed=3)
    views = {v.id: v for v in questions_of(paper(items, b"attempt secret"))}
    view = views["q-calls"]
    assert (view.type, view.template) == ("estimate", "quiz/types/numeric.html")
    with app.test_request_context():
        page = render_template_string(
            '{% from "quiz/_question.html" import question %}'
            "{{ question(q, saved, errors) }}",
            q=view,
            saved={"q-calls": "190"},
            errors={},
        )
    assert 'name="a-q-calls" value="190"' in page

    pick = views["q-pick"].choices[0].id
    fields = {"a-q-calls": [" 230 "], "a-q-pick": [pick]}
    assert unknown_fields(fields, views.values()) == []
    response = response_from_fields(view, fields)
    assert response == "230"
    assert grade_question(question, response) == Score(1.0, 2, False)
    assert grade_question(question, estimate.key_response(question)).correct

    stored = {"q-calls": encode(response), "q-pick": encode("c1")}
    responses = {
        d.question.id: decode(d.question.type, stored[d.question.id])
        for d in drawn_questions(items)
    }
    assert grade_attempt(items, responses) == (2.0, 3.0, 66.6667)

    review = build_review(items, {"q-calls": (stored["q-calls"], 1.0, 2.0)}, "feedback")
    mine = next(r for r in review if r.max_points == 2)
    assert (mine.your_answer, mine.right_answer) == (("230",), ("about 200",))
    assert response_text(question, stored["q-calls"]) == "about 230"
    assert "q-calls: estimate questions have no GIFT form" in export_gift(bank)
