"""Numbers and dates for people, in the reader's language (Babel's locale data).

One rule for every page, PDF and e-mail: a percentage shows no decimals when
it is whole ("80 %", "80%") and one decimal only when it is not ("87,5 %");
points show at most two decimals and none when whole ("9 of 9 points"); dates
in sentences read as words ("4. Dezember 2026", "4 December 2026").

The functions take the locale explicitly (a certificate speaks its own
language); `init_formatting` registers them as Jinja filters that use the
reader's locale: `|percent`, `|number`, `|localdate`, `|localdatetime`.
Machine-readable outputs (CSV, XLSX, the JSON API) do not come through here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal as babel_format_decimal
from babel.numbers import format_percent as babel_format_percent
from flask import Flask
from flask_babel import format_datetime, get_locale, to_user_timezone

from lms.db import utcnow


def local_today() -> date:
    """Today where the organisation is (LMS_TIMEZONE), not in UTC: the day every
    page, the API and the certificates count validity and due dates in."""
    here: datetime = to_user_timezone(utcnow())
    return here.date()


_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


def _rounded(value: float, step: Decimal) -> Decimal:
    # Through repr, so 87.25 is the decimal 87.25 and rounds half up to 87.3.
    return Decimal(repr(float(value))).quantize(step, ROUND_HALF_UP).normalize()


def percent(value: float, locale: Locale | str) -> str:
    """`value` (0 to 100) as a percentage: 80 %, 87,5 % (de); 80%, 87.5% (en)."""
    fraction = _rounded(value, _TENTH) / 100
    return babel_format_percent(fraction, locale=locale, decimal_quantization=False)


def number(value: float, locale: Locale | str) -> str:
    """`value` with at most two decimals, none when whole: 9, 7,5, 0,33."""
    return babel_format_decimal(
        _rounded(value, _HUNDREDTH), locale=locale, decimal_quantization=False
    )


def long_date(day: date, locale: Locale | str) -> str:
    """A date in words: 4. Dezember 2026, 4 December 2026."""
    return babel_format_date(day, format="long", locale=locale)


def _reader() -> Locale:
    return get_locale() or Locale("en")


def percent_filter(value: float | None) -> str:
    return "–" if value is None else percent(value, _reader())


def number_filter(value: float | None) -> str:
    return "–" if value is None else number(value, _reader())


def localdate_filter(day: date | datetime | None, format: str = "long") -> str:
    """A date in the reader's language; a timestamp's day in the configured zone."""
    if day is None:
        return "–"
    if isinstance(day, datetime):
        day = to_user_timezone(day).date()
    return babel_format_date(day, format=format, locale=_reader())


def localdatetime_filter(moment: datetime | None, format: str = "medium") -> str:
    """A timestamp with its time, in the configured time zone."""
    return "–" if moment is None else str(format_datetime(moment, format))


def init_formatting(app: Flask) -> None:
    app.jinja_env.filters.update(
        percent=percent_filter,
        number=number_filter,
        localdate=localdate_filter,
        localdatetime=localdatetime_filter,
    )
