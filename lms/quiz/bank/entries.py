"""Answer entries: attributes, choices and their checks, numeric keys."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from lms.content.schema import N_
from lms.quiz.bank.answers import Entry, Kind
from lms.quiz.bank.blocks import split_trailing_attrs
from lms.quiz.bank.render import render_block, render_inline
from lms.quiz.bank.schema import Answer, Choice, NumericAnswer, Problem

_Keyed = TypeVar("_Keyed", Answer, NumericAnswer)

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_EXACT = re.compile(rf"^({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})\s*(?:\+-|±|\+/-)\s*({_NUMBER})$")
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
NUMERIC_HELP = N_("write '= 12', '= 12 +- 1' or '= 10..20'")
ENTRY_KEYS: dict[Kind, tuple[str, ...]] = {
    "task": ("weight",),
    "eq": ("weight",),
    "match": (),
    "ordered": (),
}


@dataclass
class Context:
    """Where problems about one question go, and how they name it."""

    path: str
    label: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def say(self, line: int, message: str) -> None:
        """A problem about this question, prefixed with its label."""
        self.add(line, N_("%(label)s: %(message)s", label=self.label, message=message))


def parse_numeric(text: str) -> NumericAnswer | None:
    """`12`, `12 +- 1` or `10..20` as an accepted range; None if malformed."""
    text = text.strip()
    if match := _EXACT.match(text):
        value = float(match.group(1))
        if not math.isfinite(value):
            return None
        return NumericAnswer(low=value, high=value, value=value, tolerance=0.0)
    if match := _TOLERANCE.match(text):
        value, tolerance = float(match.group(1)), float(match.group(2))
        if tolerance < 0 or not math.isfinite(value + tolerance):
            return None
        return NumericAnswer(value - tolerance, value + tolerance, value, tolerance)
    if match := _RANGE.match(text):
        low, high = float(match.group(1)), float(match.group(2))
        if low > high or not math.isfinite(high - low):
            return None
        return NumericAnswer(low=low, high=high)
    return None


def entry_attrs(entry: Entry, ctx: Context) -> tuple[str, bool, float | None]:
    """The entry's text without trailing `{...}`, its pinned flag and weight."""
    last, attrs = split_trailing_attrs(entry.text[-1])
    text = "\n".join([*entry.text[:-1], last]).strip()
    if attrs is None:
        return text, False, None
    allowed_classes = ("pinned",) if entry.kind == "task" else ()
    for bad in attrs.bad + ([f"#{attrs.id}"] if attrs.id else []):
        ctx.say(entry.line, N_("cannot read '%(bad)s' in the answer's {...}", bad=bad))
    for cls in attrs.classes:
        if cls not in allowed_classes:
            ctx.say(entry.line, N_("unknown answer option '.%(cls)s'", cls=cls))
    weight: float | None = None
    for key, value in attrs.values.items():
        if key not in ENTRY_KEYS[entry.kind]:
            ctx.say(entry.line, N_("unknown answer option '%(key)s='", key=key))
            continue
        try:
            weight = float(value)
        except ValueError:
            weight = math.nan
        if not -100 <= weight <= 100:
            ctx.say(
                entry.line,
                N_(
                    "weight must be a percentage from -100 to 100, not '%(value)s'",
                    value=value,
                ),
            )
            weight = None
    return text, "pinned" in attrs.classes, weight


def entry_feedback(entry: Entry) -> tuple[str, str]:
    text = "\n".join(entry.feedback).strip()
    return text, render_block(text)


def build_choices(entries: list[Entry], ctx: Context) -> tuple[Choice, ...]:
    choices = []
    for number, entry in enumerate(entries, start=1):
        text, pinned, weight = entry_attrs(entry, ctx)
        if not text:
            ctx.say(entry.line, N_("choice %(number)s is empty", number=number))
        feedback_md, feedback_html = entry_feedback(entry)
        choices.append(
            Choice(
                id=f"c{number}",
                text_html=render_inline(text),
                correct=entry.checked,
                feedback_html=feedback_html,
                pinned=pinned,
                weight=weight,
                text_md=text,
                feedback_md=feedback_md,
            )
        )
    return tuple(choices)


def check_one_correct(choices: tuple[Choice, ...], ctx: Context, line: int) -> None:
    """A single-choice rule: exactly one choice is marked ``[x]``."""
    correct = sum(c.correct for c in choices)
    if correct != 1:
        ctx.say(
            line,
            N_(
                "needs exactly one correct choice '- [x]', found %(count)s",
                count=correct,
            ),
        )


def eq_answers(
    entries: list[Entry],
    ctx: Context,
    line: int,
    make: Callable[[Entry, str, float | None, str, str], _Keyed | None],
) -> tuple[_Keyed, ...]:
    """The accepted answers of ``= ...`` lines, built by ``make``.

    ``make(entry, text, weight, feedback_md, feedback_html)`` returns the
    answer, or None after reporting why the text is not one.
    """
    found: list[_Keyed] = []
    for entry in entries:
        text, _, weight = entry_attrs(entry, ctx)
        feedback_md, feedback_html = entry_feedback(entry)
        if weight is not None and weight < 0:
            ctx.say(entry.line, N_("an answer's weight must be from 0 to 100"))
        if not text:
            ctx.say(entry.line, N_("empty answer after '='"))
        elif (
            answer := make(entry, text, weight, feedback_md, feedback_html)
        ) is not None:
            found.append(answer)
    weights = [a.weight for a in found]
    if weights and all(w is not None and w < 100 for w in weights):
        ctx.say(line, N_("at least one answer must be worth 100 (no weight)"))
    return tuple(found)


def check_weights(choices: tuple[Choice, ...], ctx: Context, line: int) -> None:
    for choice in choices:
        if choice.correct and (choice.weight is None or choice.weight <= 0):
            ctx.say(
                line,
                N_(
                    "when weights are used, every '[x]' choice needs a positive "
                    "weight (%(id)s has none)",
                    id=choice.id,
                ),
            )
            return
        if not choice.correct and choice.weight is not None and choice.weight > 0:
            ctx.say(
                line,
                N_(
                    "choice %(id)s has a positive weight; mark it '[x]'",
                    id=choice.id,
                ),
            )
            return
    total = sum(c.weight or 0 for c in choices if c.correct)
    if abs(total - 100) > 0.01:
        ctx.say(
            line,
            N_(
                "the weights of the '[x]' choices must add up to 100, not %(total)s",
                total=f"{total:g}",
            ),
        )
