"""Keeping computed dashboard figures while nothing they count has changed.

Counting 80,000 assignments takes the database about a second; HR opens the
dashboard far more often than the figures change. Each application (in each
worker process) keeps the last figures per day and language together with a
fingerprint of the data: the newest assignment, certificate, person and audit
entry. Every HR action is audited and every completion adds a certificate, so
an assignment, an import, a revocation or a new certificate changes the
fingerprint and the next view counts afresh. What leaves no trace there (a
learner opening a lesson, which moves "not started" to "in progress") is picked
up after MAX_AGE at the latest; the page says when its figures were counted and
offers to count them now.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.caches import named_cache
from lms.models import Assignment, AuditEntry, Certificate, Person

MAX_AGE = timedelta(minutes=2)
CACHE = "hr.dashboard"


@dataclass(frozen=True)
class Counted:
    """Figures and the moment they were counted."""

    figures: Any
    counted_at: datetime


def fingerprint(session: Session) -> tuple[Any, ...]:
    """One cheap query (four index lookups) that changes with the counted data."""
    row = session.execute(
        select(
            select(func.max(Assignment.id)).scalar_subquery(),
            select(func.max(Certificate.id)).scalar_subquery(),
            select(func.max(Person.id)).scalar_subquery(),
            select(func.max(AuditEntry.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


class FiguresCache:
    def __init__(self, max_age: timedelta = MAX_AGE) -> None:
        self.max_age = max_age
        self._entries: dict[
            tuple[date, str | None], tuple[tuple[Any, ...], Counted]
        ] = {}
        self._lock = threading.Lock()

    def get(
        self,
        session: Session,
        key: tuple[date, str | None],
        now: datetime,
        compute: Callable[[], Any],
        *,
        fresh: bool = False,
        prepare: Callable[[], bool] | None = None,
    ) -> Counted:
        """The figures for key: kept ones when still valid, else compute().

        prepare runs before counting afresh and says whether it changed data
        (then the fingerprint is read again, so its own change does not make
        the next view count once more).
        """
        seen = fingerprint(session)
        with self._lock:
            kept = self._entries.get(key)
        if (
            not fresh
            and kept is not None
            and kept[0] == seen
            and now - kept[1].counted_at < self.max_age
        ):
            return kept[1]
        if prepare is not None and prepare():
            seen = fingerprint(session)
        counted = Counted(compute(), now)
        with self._lock:
            # Other days' figures are never asked for again.
            self._entries = {k: v for k, v in self._entries.items() if k[0] == key[0]}
            self._entries[key] = (seen, counted)
        return counted

    def clear(self) -> None:
        with self._lock:
            self._entries = {}


def figures_cache(app: Flask | None = None) -> FiguresCache:
    """The application's figures, one of its named caches (lms.caches)."""
    return named_cache(CACHE, FiguresCache, app)
