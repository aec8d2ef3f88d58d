"""A bot that reads only the attempt page's markup scores no better than chance.

The bot sees every attribute and the order of elements on the real attempt page
(rendered by the take view for a logged-in learner), never the texts. It
answers by id patterns (``c2``, sorting names and values) or by position, the
answers go through the real save service and the attempt is graded by the real
submit. Over 200 attempts of every shipped quiz its mean score must stay below
a 99 % upper bound of the chance level of the same questions: the expected
score of an answer of the same shape given at random.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import statistics
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask import Flask

from lms.db import get_database, utcnow
from lms.errors import NotFound
from lms.models import Person
from lms.quiz import attempts as service
from lms.quiz.bank.schema import Question
from lms.quiz.bank.types import handler_for
from lms.quiz.engine.draw import drawn_questions
from lms.sync import quiz_ids_by_course

ROOT = Path(__file__).resolve().parents[3]
COURSE = "customer-service-essentials"
ATTEMPTS = int(os.environ.get("BOT_ATTEMPTS", "200"))
Z_99 = 2.576  # one-sided 99 % for the overall mean of each bot
Z_BANK = 3.09  # 99.9 % per bank: nine banks are tested at once


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    options: list[str] = field(default_factory=list)


@dataclass
class PageQuestion:
    qid: str
    controls: list[Control] = field(default_factory=list)


class AttemptMarkup(HTMLParser):
    """The controls of each question fieldset, in page order, attributes only."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[PageQuestion] = []
        self._select: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "fieldset" and "data-question" in values:
            self.questions.append(PageQuestion(values["data-question"]))
        elif not self.questions:
            return
        elif tag == "input" and values.get("type") in ("radio", "checkbox", "text"):
            self.questions[-1].controls.append(Control(values["type"], values))
        elif tag == "select":
            self._select = Control("select", values)
            self.questions[-1].controls.append(self._select)
        elif tag == "option" and self._select is not None and values.get("value"):
            self._select.options.append(values["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def parse(page: str) -> list[PageQuestion]:
    parser = AttemptMarkup()
    parser.feed(page)
    return parser.questions


Fields = dict[str, list[str]]


def _bank_number(value: str) -> tuple[int, str]:
    """Sort key of the bank's old ids (c2, o10) by number; any other text by itself."""
    match = re.search(r"(\d+)$", value)
    return (int(match.group(1)) if match else 0, value)


def by_ids(question: PageQuestion) -> Fields:
    """Answer from identifier patterns: c2, ids sorted by their number or text."""
    radios = [c for c in question.controls if c.tag == "radio"]
    boxes = [c for c in question.controls if c.tag == "checkbox"]
    selects = [c for c in question.controls if c.tag == "select"]
    if radios:
        values = sorted((c.attrs["value"] for c in radios), key=_bank_number)
        second = [v for v in values if v.endswith("2")]
        return {radios[0].attrs["name"]: [second[0] if second else values[0]]}
    if boxes:
        values = sorted((c.attrs["value"] for c in boxes), key=_bank_number)
        return {boxes[0].attrs["name"]: values[: len(values) // 2 + 1]}
    if selects and all(o.isdigit() for o in selects[0].options):  # ordering
        names = sorted((c.attrs["name"] for c in selects), key=_bank_number)
        return {name: [str(n)] for n, name in enumerate(names, start=1)}
    if selects:  # matching: left k -> option k, both sorted
        names = sorted((c.attrs["name"] for c in selects), key=_bank_number)
        rights = sorted(selects[0].options, key=_bank_number)
        return {n: [rights[i % len(rights)]] for i, n in enumerate(names)}
    return {}


def by_position(question: PageQuestion) -> Fields:
    """Answer from the order of elements: the second choice, the shown order."""
    radios = [c for c in question.controls if c.tag == "radio"]
    boxes = [c for c in question.controls if c.tag == "checkbox"]
    selects = [c for c in question.controls if c.tag == "select"]
    if radios:
        return {
            radios[0].attrs["name"]: [radios[min(1, len(radios) - 1)].attrs["value"]]
        }
    if boxes:
        picked = boxes[: len(boxes) // 2 + 1]
        return {boxes[0].attrs["name"]: [c.attrs["value"] for c in picked]}
    if selects and all(o.isdigit() for o in selects[0].options):
        return {c.attrs["name"]: [str(n)] for n, c in enumerate(selects, start=1)}
    if selects:
        rights = selects[0].options
        return {
            c.attrs["name"]: [rights[i % len(rights)]] for i, c in enumerate(selects)
        }
    return {}


BOTS: dict[str, Callable[[PageQuestion], Fields]] = {
    "ids": by_ids,
    "position": by_position,
}

_chance_cache: dict[tuple[str, str], float] = {}


def chance(question: Question) -> float:
    """Expected points of a random answer shaped like the bots' answers."""
    cached = _chance_cache.get((question.id, question.stem_html))
    if cached is not None:
        return cached
    handler = handler_for(question.type)
    ids = [c.id for c in question.choices]
    if question.type in ("single", "truefalse"):
        points = statistics.fmean(handler.grade(question, c).points for c in ids)
    elif question.type == "multiple":
        subsets = itertools.combinations(ids, len(ids) // 2 + 1)
        points = statistics.fmean(
            handler.grade(question, frozenset(s)).points for s in subsets
        )
    elif question.type == "ordering":
        orders = itertools.permutations([i.id for i in question.items])
        points = statistics.fmean(
            handler.grade(question, list(o)).points for o in orders
        )
    elif question.type == "matching":
        # Each left item gets a uniformly random right option.
        points = question.points / len(question.right_options)
    else:
        points = 0.0  # free text: the bots leave it empty
    _chance_cache[(question.id, question.stem_html)] = points
    return points


@dataclass
class Tally:
    bot: float = 0.0
    chance: float = 0.0
    max_points: float = 0.0
    differences: list[float] = field(default_factory=list)

    def add(self, bot: float, expected: float, max_points: float) -> None:
        self.bot += bot
        self.chance += expected
        self.max_points += max_points
        self.differences.append((bot - expected) / max_points)

    def line(self, name: str) -> str:
        return (
            f"{name:32} bot {100 * self.bot / self.max_points:5.1f} %  "
            f"chance {100 * self.chance / self.max_points:5.1f} %  "
            f"(n={len(self.differences)}, excess "
            f"{100 * statistics.fmean(self.differences):+.2f} ± "
            f"{100 * self.upper_bound(Z_99):.2f} at 99 %)"
        )

    def upper_bound(self, z: float) -> float:
        """How far above chance the mean difference may lie by luck alone."""
        if len(self.differences) < 2:
            return 0.0
        spread = statistics.stdev(self.differences)
        return z * spread / math.sqrt(len(self.differences)) + 1e-9


def test_a_bot_reading_only_markup_scores_at_chance(
    app: Flask, client: Any, auth: Any, shipped: None
) -> None:
    person_id = auth.login().id
    session = get_database(app).sessionmaker()
    person = session.get(Person, person_id)
    assert person is not None
    totals = {name: Tally() for name in BOTS}
    per_bank: dict[tuple[str, str], Tally] = defaultdict(Tally)
    per_type: dict[tuple[str, str], Tally] = defaultdict(Tally)
    now = utcnow() + timedelta(minutes=1)
    context = app.app_context()  # the services cache parsed banks per app
    context.push()
    try:
        banks = shipped_quizzes(session)
        assert len(banks) == 10, banks  # 8 module quizzes, 2 final exams
        for bank_id in banks:
            for number in range(ATTEMPTS):
                name = list(BOTS)[number % len(BOTS)]
                now += timedelta(hours=1)
                attempt = service.start_attempt(session, person, COURSE, bank_id, now)
                # Reproducible draws, different for every bank.
                attempt.seed = zlib.crc32(f"{bank_id}:{number}".encode()) % 2**31
                session.commit()
                page = client.get(f"/attempts/{attempt.public_id}")
                assert page.status_code == 200
                questions = parse(page.get_data(as_text=True))
                fields: Fields = {}
                for question in questions:
                    fields.update(BOTS[name](question))
                shown = [q.qid for q in questions]
                service.save_answers(
                    session, person, attempt.public_id, fields, shown, now
                )
                service.submit_attempt(session, person, attempt.public_id, now)
                session.commit()
                _bank, items = service.drawn_items(session, attempt)
                drawn = {d.question.id: d.question for d in drawn_questions(items)}
                expected = sum(chance(q) for q in drawn.values())
                totals[name].add(attempt.points, expected, attempt.max_points)
                per_bank[(name, bank_id)].add(
                    attempt.points, expected, attempt.max_points
                )
                for answer in attempt.answers:
                    question = drawn[answer.question_id]
                    per_type[(name, question.type)].add(
                        answer.points or 0.0, chance(question), question.points
                    )
    finally:
        session.close()
        context.pop()
    report = [totals[n].line(f"{n}: all") for n in BOTS]
    report += [t.line(f"{n}: {k}") for (n, k), t in sorted(per_type.items())]
    report += [t.line(f"{n}: {k}") for (n, k), t in sorted(per_bank.items())]
    print("\n".join(report))
    for tally in totals.values():
        excess = statistics.fmean(tally.differences)
        assert excess <= tally.upper_bound(Z_99), "\n".join(report)
    for (name, bank_id), tally in per_bank.items():
        excess = statistics.fmean(tally.differences)
        assert excess <= tally.upper_bound(Z_BANK), f"{name} {bank_id}\n" + "\n".join(
            report
        )


def shipped_quizzes(session: Any) -> list[str]:
    """Every bank of the shipped course that is played as a quiz of its own."""
    found = []
    for bank_id in sorted(quiz_ids_by_course(ROOT / "quizzes")[COURSE]):
        try:
            service.find_quiz(session, COURSE, bank_id)
        except NotFound:
            continue  # included by the final exam only
        found.append(bank_id)
    return found
