"""True/false: a single choice of exactly two, shuffled like any other."""

from __future__ import annotations

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry
from lms.quiz.bank.entries import Context, check_one_correct
from lms.quiz.bank.schema import Choice
from lms.quiz.bank.types.single import SingleHandler


class TrueFalseHandler(SingleHandler):
    name = "truefalse"
    # Shuffled when the bank shuffles choices: with "True" always first, the
    # position of a bank's one-sided keys (all "False") is on the page.
    fixed_choice_order = False

    @property
    def template(self) -> str:
        return "quiz/types/single.html"

    def infer(self, entries: list[Entry], ctx: Context) -> str | None:
        return None  # single choice infers for task lists

    def check(self, choices: tuple[Choice, ...], ctx: Context, line: int) -> None:
        if len(choices) != 2:
            ctx.say(
                line,
                N_(
                    "a true/false question needs exactly two choices, found %(count)s",
                    count=len(choices),
                ),
            )
        if any(c.weight is not None for c in choices):
            ctx.say(line, N_("true/false choices take no weight"))
        check_one_correct(choices, ctx, line)


HANDLER = TrueFalseHandler()
