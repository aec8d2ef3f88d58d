"""Calendar days in the configured time zone (``LMS_TIMEZONE``).

A certificate's dates and its number's year are days where the organisation
is, not UTC days: someone finishing at 00:30 in Berlin on 1 January finished
in the new year.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=16)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ValueError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"unknown time zone: {name!r}") from exc


def local_day(moment: datetime, zone_name: str) -> date:
    """The calendar day of the aware ``moment`` in the time zone ``zone_name``."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(zone(zone_name)).date()
