"""Pure helpers for client-side latency figures and response checks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Latency:
    count: int
    p50_ms: float
    p95_ms: float
    max_ms: float


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1] of values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarize(values_ms: list[float]) -> Latency:
    return Latency(
        count=len(values_ms),
        p50_ms=round(nearest_rank(values_ms, 0.5), 1),
        p95_ms=round(nearest_rank(values_ms, 0.95), 1),
        max_ms=round(max(values_ms, default=0.0), 1),
    )


def start_error(status: int, location: str, page_status: int, page: str) -> str:
    """Why a quiz start did not land on the attempt page ('' when it did).

    The start must redirect (302/303) to /attempts/<id>, and that page must be
    served with 200 and carry the attempt's revision field.
    """
    if status not in (302, 303):
        return f"start answered {status or 'no response'}"
    path = urlsplit(location).path
    if not path.startswith("/attempts/"):
        return f"start redirected to {path or '(nothing)'}"
    if page_status != 200:
        return f"attempt page answered {page_status}"
    if 'name="revision"' not in page:
        return "attempt page without its revision field"
    return ""


def throughput(count: int, seconds: float) -> float:
    """Requests per second, 0 when nothing ran."""
    return round(count / seconds, 1) if seconds > 0 else 0.0


LESSON_MARKER = '<article class="lesson"'


def mixed_error(kind: str, status: int, body: str, location: str) -> str:
    """Why a mixed-load response is not the real thing ('' when it is).

    A lesson view is the lesson page (200 with its article); an autosave is
    200 with the next revision in JSON; marking a lesson complete redirects,
    but not to the login page.
    """
    if kind == "lesson view":
        if status != 200:
            return f"lesson view answered {status}"
        return "" if LESSON_MARKER in body else "lesson view without the lesson"
    if kind == "autosave":
        if status != 200:
            return f"autosave answered {status}"
        return "" if '"revision"' in body else "autosave without a revision"
    if kind == "complete":
        if status not in (302, 303):
            return f"complete answered {status}"
        if urlsplit(location).path.startswith("/login"):
            return "complete redirected to the login page"
        return ""
    return f"unknown kind {kind}"


def per_kind(
    outcomes: list[tuple[str, str]], seconds: float
) -> dict[str, dict[str, float]]:
    """(kind, error) pairs -> per kind: requests, good requests/s, errors."""
    table: dict[str, dict[str, float]] = {}
    for kind, error in outcomes:
        row = table.setdefault(kind, {"requests": 0, "errors": 0})
        row["requests"] += 1
        row["errors"] += 1 if error else 0
    for row in table.values():
        row["per_second"] = throughput(int(row["requests"] - row["errors"]), seconds)
    return table
