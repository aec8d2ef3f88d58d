"""Whole numbers from request values: ASCII digits within a range, else None.

`str.isdigit()` says yes to `²` (which `int()` then refuses), `int()` reads
`١` and `１` as 1, and both accept numbers no database column holds, which
PostgreSQL answers with an error. Every view that turns a request value into a
number goes through `parse_positive_int`.
"""

from __future__ import annotations

# PostgreSQL `integer` columns (every id) hold no more.
MAX_ID = 2**31 - 1
# Far beyond any list here; an OFFSET this large still fits every database.
MAX_PAGE = 100_000


def parse_positive_int(
    text: str | None, maximum: int, *, minimum: int = 1
) -> int | None:
    """`text` as a number from `minimum` to `maximum`, or None if it is not one.

    Only the ASCII digits 0-9 count, with blanks around them allowed; signs,
    points, exponents and other scripts' digits make it not a number.
    """
    if text is None:
        return None
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    # Leading zeros say nothing; a longer number than the maximum is too large,
    # and is never handed to int() (which refuses more than 4300 digits).
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None
