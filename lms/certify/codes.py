"""Verification codes (Crockford base32 with a check symbol) and certificate numbers.

A verification code is 12 random Crockford base32 characters (60 bits from
`secrets`) followed by Crockford's mod-37 check symbol, shown in groups:
``Q7K2-M9XD-4HPR-C``. Because 37 is prime and 32 and 31 are units modulo 37,
the check symbol catches every single-character substitution and every
transposition of two adjacent different characters, the check symbol included,
so `normalize_code` rejects typos before anything looks the code up.

New codes are drawn again until the check symbol is a letter or digit: chat,
ticket and mail tools leave a trailing ``*``, ``~``, ``$`` or ``=`` out of a
pasted link. Codes issued earlier with such a check symbol keep verifying.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base32 digits, value 0 to 31."""

CHECK_ALPHABET = ALPHABET + "*~$=U"
"""Check symbols, value 0 to 36; the last five are only valid as check symbols."""

URL_SAFE_CHECKS = frozenset(ALPHABET + "U")
"""Check symbols a new code may end in: never ``*~$=``."""

DATA_LENGTH = 12
"""Random characters per code: 12 x 5 = 60 bits."""

GROUP_SIZE = 4
CODE_LENGTH = DATA_LENGTH + 1
DISPLAY_LENGTH = DATA_LENGTH + DATA_LENGTH // GROUP_SIZE + 1

_DIGIT_VALUE = {symbol: value for value, symbol in enumerate(CHECK_ALPHABET)}
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Hyphens, spaces and the dashes a PDF viewer or word processor may put in a copy.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
# Generous bound so pasted garbage is rejected before any per-character work.
_MAX_INPUT_LENGTH = 64

_PREFIX = re.compile(r"[A-Z0-9]{2,6}")
_PREFIX_MIN, _PREFIX_MAX = 2, 6
_STOP_WORDS = frozenset(
    {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"}
    | {"am", "auf", "das", "dem", "den", "der", "des", "die", "fuer", "im", "mit"}
    | {"und", "von", "zu", "zum", "zur"}
)


def check_symbol(data: str) -> str:
    """Return Crockford's mod-37 check symbol for canonical base32 ``data``."""
    remainder = 0
    for symbol in data:
        value = _DIGIT_VALUE.get(symbol)
        if value is None or value >= len(ALPHABET):
            raise ValueError(f"not a Crockford base32 digit: {symbol!r}")
        remainder = (remainder * len(ALPHABET) + value) % len(CHECK_ALPHABET)
    return CHECK_ALPHABET[remainder]


def _grouped(data: str, check: str) -> str:
    groups = [data[i : i + GROUP_SIZE] for i in range(0, len(data), GROUP_SIZE)]
    return "-".join([*groups, check])


def new_verification_code() -> str:
    """Return a fresh random code in display form, e.g. ``Q7K2-M9XD-4HPR-C``.

    The check symbol is always a letter or digit (33 of 37 values, so on
    average 1.12 draws; about 59.8 bits of randomness remain).
    """
    while True:
        data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
        check = check_symbol(data)
        if check in URL_SAFE_CHECKS:
            return _grouped(data, check)


def normalize_code(text: str) -> str | None:
    """Return the canonical display form of a typed code, or None if it is invalid.

    Any case, with or without hyphens and spaces; O reads as 0, I and L as 1.
    None when the length is wrong, a character is not allowed where it stands
    (``*~$=U`` only as the check symbol) or the check symbol does not match.
    """
    if len(text) > _MAX_INPUT_LENGTH:
        return None
    compact = _SEPARATORS.sub("", text)
    # str.upper() maps some non-ASCII letters to ASCII ones (dotless i -> I).
    if not compact.isascii() or len(compact) != CODE_LENGTH:
        return None
    compact = compact.upper().translate(_FOLD)
    data, check = compact[:DATA_LENGTH], compact[DATA_LENGTH:]
    if any(symbol not in ALPHABET for symbol in data):
        return None
    if check_symbol(data) != check:
        return None
    return _grouped(data, check)


def certificate_number(prefix: str, year: int, sequence: int) -> str:
    """Return a certificate number such as ``CSE-2026-000123``.

    The sequence is zero-padded to six digits and simply grows wider past
    999999, so numbers never fail to format.
    """
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"prefix must be 2-6 characters A-Z or 0-9: {prefix!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits: {year}")
    if sequence < 1:
        raise ValueError(f"sequence must be positive: {sequence}")
    return f"{prefix}-{year}-{sequence:06d}"


def course_prefix(slug: str) -> str:
    """Derive a 2-6 character number prefix from a course slug.

    Initials of the words, skipping small English and German joining words
    (``health-and-safety`` is ``HS``, ``customer-service-essentials`` is
    ``CSE``); a single word gives its first three characters (``python`` is
    ``PYT``). Different courses can share a prefix, so numbers must be
    allocated per prefix and year, not per course.
    """
    words = [word for word in re.split(r"[^a-z0-9]+", slug.lower()) if word]
    if not words:
        raise ValueError(f"no letters or digits in course slug: {slug!r}")
    significant = [word for word in words if word not in _STOP_WORDS] or words
    prefix = "".join(word[0] for word in significant)
    if len(prefix) < _PREFIX_MIN:
        prefix = "".join(significant)[:3]
    if len(prefix) < _PREFIX_MIN:
        prefix = "".join(words)[:3]
    if len(prefix) < _PREFIX_MIN:
        raise ValueError(f"course slug too short for a prefix: {slug!r}")
    return prefix[:_PREFIX_MAX].upper()
