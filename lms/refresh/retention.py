"""Retention and participation of refreshers, from answer facts: pure, no Flask,
no models, so the figures HR sees can be checked against a hand count.

Retention is the share of refresher questions answered right at the first try
(a refresher keeps only the first answer to each question). Participation is
the share of refreshers given (opened by the learner or announced by e-mail)
that got at least one answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AnswerFact:
    """One first answer: when, in which course and topic, by whom."""

    day: date
    course: str
    topic: str
    department: str  # "" without a department
    person_id: int
    correct: bool


@dataclass(frozen=True)
class SessionFact:
    """One refresher given: when it was due, its course, whether answered."""

    day: date
    course: str
    department: str
    answered: bool


@dataclass(frozen=True)
class RetentionRow:
    """Figures of one month, course, topic and department."""

    month: date
    course: str
    topic: str
    department: str
    people: int
    answers: int
    right: int

    @property
    def share(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ParticipationRow:
    month: date
    course: str
    department: str
    given: int
    taken: int

    @property
    def share(self) -> float:
        return self.taken / self.given if self.given else 0.0


@dataclass(frozen=True)
class WeakTopic:
    course: str
    topic: str
    answers: int
    right: int

    @property
    def share(self) -> float:
        return self.right / self.answers if self.answers else 0.0


def month_of(day: date) -> date:
    return day.replace(day=1)


def retention_rows(facts: Iterable[AnswerFact]) -> list[RetentionRow]:
    """Per month, course, topic and department, sorted by those."""
    groups: dict[tuple[date, str, str, str], list[AnswerFact]] = defaultdict(list)
    for fact in facts:
        key = (month_of(fact.day), fact.course, fact.topic, fact.department)
        groups[key].append(fact)
    return [
        RetentionRow(
            month=key[0],
            course=key[1],
            topic=key[2],
            department=key[3],
            people=len({f.person_id for f in group}),
            answers=len(group),
            right=sum(f.correct for f in group),
        )
        for key, group in sorted(groups.items())
    ]


def participation_rows(facts: Iterable[SessionFact]) -> list[ParticipationRow]:
    """Per month, course and department: refreshers given and taken."""
    groups: dict[tuple[date, str, str], list[SessionFact]] = defaultdict(list)
    for fact in facts:
        groups[(month_of(fact.day), fact.course, fact.department)].append(fact)
    return [
        ParticipationRow(
            month=key[0],
            course=key[1],
            department=key[2],
            given=len(group),
            taken=sum(f.answered for f in group),
        )
        for key, group in sorted(groups.items())
    ]


def monthly_retention(facts: Sequence[AnswerFact]) -> list[tuple[date, int]]:
    """Retention per month in whole percent, for the line chart."""
    months: dict[date, list[bool]] = defaultdict(list)
    for fact in facts:
        months[month_of(fact.day)].append(fact.correct)
    return [
        (month, round(100 * sum(given) / len(given)))
        for month, given in sorted(months.items())
    ]


def weak_topics(
    facts: Iterable[AnswerFact],
    threshold: float,
    min_answers: int,
) -> list[WeakTopic]:
    """Topics (over all time) with at least ``min_answers`` answers and a share
    right below ``threshold`` (0 to 1; the settings LMS_REFRESH_*), weakest first."""
    groups: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for fact in facts:
        groups[(fact.course, fact.topic)].append(fact.correct)
    weak = [
        WeakTopic(course, topic, len(given), sum(given))
        for (course, topic), given in groups.items()
        if len(given) >= min_answers and sum(given) / len(given) < threshold
    ]
    return sorted(weak, key=lambda w: (w.share, w.course, w.topic))
