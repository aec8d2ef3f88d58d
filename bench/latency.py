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
