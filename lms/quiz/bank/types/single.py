"""Single choice: one task-list choice is right (or, written ``.single``, any of
several); radio buttons on the page."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence, Set
from dataclasses import replace

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import Context, build_choices, check_one_correct
from lms.quiz.bank.schema import Choice, Question
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


class SingleHandler(TypeHandler):
    name = "single"
    kind = "task"

    def infer(self, entries: list[Entry], ctx: Context) -> str | None:
        return "multiple" if sum(e.checked for e in entries) > 1 else "single"

    def build(self, question: Question, entries: list[Entry], ctx: Context) -> Question:
        choices = build_choices(entries, ctx)
        self.check(choices, ctx, question.line)
        return replace(question, choices=choices)

    def check(self, choices: tuple[Choice, ...], ctx: Context, line: int) -> None:
        # Several [x] only reach here with an explicit .single (infer() makes
        # them .multiple): any one of them earns full points, as Moodle's
        # GIFT import does with several "=" answers.
        if not any(c.correct for c in choices):
            check_one_correct(choices, ctx, line)
        for choice in choices:
            if choice.correct and choice.weight not in (None, 100):
                ctx.say(
                    line,
                    f"the correct choice {choice.id} is worth 100; remove its weight",
                )
            if (
                not choice.correct
                and choice.weight is not None
                and choice.weight >= 100
            ):
                ctx.say(
                    line,
                    N_("choice %(id)s is worth 100; mark it '[x]'", id=choice.id),
                )

    def grade(self, question: Question, response: Response) -> Score:
        """All or nothing, unless the author gave a wrong choice a partial weight."""
        if isinstance(response, Set | list | tuple) and len(response) <= 1:
            response = next(iter(response), None)
        if not response:
            return score(question, 0)
        if not isinstance(response, str):
            raise InvalidResponse(f"{question.id}: choose one choice")
        (choice,) = choices_by_id(question, [response])
        if choice.correct:
            return score(question, 1)
        return score(question, (choice.weight or 0) / 100)

    def key_response(self, question: Question) -> Response:
        best = max(question.choices, key=lambda c: (c.correct, c.weight or 0))
        return best.id

    def wrong_response(self, question: Question, rng: random.Random) -> Response:
        wrong = [c.id for c in question.choices if not c.correct]
        return rng.choice(wrong) if wrong else None

    def read_fields(
        self, view: QuestionView, values: Mapping[str, Sequence[str]]
    ) -> Response:
        first = values.get(view.field, [""])
        return first[0] if first and first[0] else None

    def translate(self, response: Response, ids: Mapping[str, str]) -> Response:
        if isinstance(response, str) and response:
            return mapped_id(ids, response)
        if isinstance(response, Set | list | tuple):
            return [mapped_id(ids, str(value)) for value in response]
        return response

    def answer_html(self, question: Question, response: Response) -> tuple[str, ...]:
        choices = {c.id: c.text_html for c in question.choices}
        return (choices.get(str(response), ""),)

    def right_html(self, question: Question) -> tuple[str, ...]:
        return tuple(c.text_html for c in question.choices if c.correct)

    def response_text(self, question: Question, response: Response) -> str:
        choices = {c.id: plain_text(c.text_html) for c in question.choices}
        return choices.get(str(response), str(response))


HANDLER = SingleHandler()
