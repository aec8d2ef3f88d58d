"""The one check of an e-mail address, wherever one is entered, imported or claimed.

Company directories often use internal domains (``anna@firma.local``,
``@corp.internal``) that are not deliverable on the internet; they are accepted.
A single-label host (``anna@intranet``) is accepted when the setting
``LMS_EMAIL_ALLOW_SINGLE_LABEL`` is on. A wrong address is refused with a
message that says what is wrong with it.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum

from email_validator import (
    SPECIAL_USE_DOMAIN_NAMES,
    EmailNotValidError,
    validate_email,
)
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# Top-level names of internal networks, accepted as e-mail domains. email_validator
# refuses "local" (a special-use name); "internal", "lan" and "corp" pass it anyway.
INTERNAL_TLDS = ("local", "internal", "lan", "corp")
# A name email_validator checks the same way as "local" (letters only) but accepts.
_STAND_IN_TLD = "internal"

_PLAIN = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"[a-z]{2,63}"
)
_RESERVED = tuple(name for name in SPECIAL_USE_DOMAIN_NAMES if name != "local")


class Problem(StrEnum):
    """What is wrong with an address."""

    EMPTY = "empty"
    NO_AT = "no-at"
    TWO_AT = "two-at"
    NO_LOCAL_PART = "no-local-part"
    NO_DOMAIN = "no-domain"
    SPACE = "space"
    NO_DOT = "no-dot"
    RESERVED = "reserved"
    OTHER = "other"


MESSAGES: dict[Problem, LazyString] = {
    Problem.EMPTY: _l("Enter an e-mail address."),
    Problem.NO_AT: _l("An e-mail address needs an @ sign, as in anna@example.com."),
    Problem.TWO_AT: _l("An e-mail address has only one @ sign."),
    Problem.NO_LOCAL_PART: _l("The part before the @ sign is empty."),
    Problem.NO_DOMAIN: _l("The domain after the @ sign is missing."),
    Problem.SPACE: _l("An e-mail address cannot contain spaces."),
    Problem.NO_DOT: _l(
        "The domain after the @ sign needs a dot, as in example.com or firma.local."
    ),
    Problem.RESERVED: _l("The domain after the @ sign is reserved and takes no mail."),
    Problem.OTHER: _l("This is not a valid e-mail address: %(reason)s"),
}


class InvalidEmail(ValueError):
    """An address that is refused; ``message`` says why, in the user's language."""

    def __init__(self, problem: Problem, reason: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.reason = reason

    @property
    def message(self) -> str:
        if self.problem is Problem.OTHER:
            return str(MESSAGES[Problem.OTHER] % {"reason": self.reason})
        return str(MESSAGES[self.problem])


def single_label_allowed() -> bool:
    """Whether ``LMS_EMAIL_ALLOW_SINGLE_LABEL`` is on (outside an app: no)."""
    if not has_app_context():
        return False
    return bool(current_app.config.get("LMS_EMAIL_ALLOW_SINGLE_LABEL"))


def canonical_email(address: str, *, single_label: bool | None = None) -> str:
    """The canonical (lower-case) form of an address, or raise InvalidEmail."""
    allow = single_label_allowed() if single_label is None else single_label
    return _canonical(address.strip(), allow)


@functools.lru_cache(maxsize=65_536)  # an import repeats managers' addresses
def _canonical(address: str, single_label: bool) -> str:
    plain = _plain(address)
    return plain if plain is not None else _validated(address, single_label)


def _validated(address: str, single_label: bool) -> str:
    """The slow and thorough way: the common mistakes named, then email_validator."""
    _check_shape(address, single_label)
    local, _, domain = address.rpartition("@")
    labels = domain.rstrip(".").split(".")
    internal = labels[-1].lower() in INTERNAL_TLDS
    checked = (
        f"{local}@{'.'.join([*labels[:-1], _STAND_IN_TLD])}" if internal else address
    )
    try:
        result = validate_email(
            checked, check_deliverability=False, globally_deliverable=not single_label
        )
    except EmailNotValidError as error:
        raise InvalidEmail(Problem.OTHER, str(error)) from None
    normalized = result.normalized.lower()
    if internal:
        normalized = normalized.rsplit(".", 1)[0] + "." + labels[-1].lower()
    return normalized


def _check_shape(address: str, single_label: bool) -> None:
    """The common mistakes, named; anything subtler is left to email_validator."""
    if not address:
        raise InvalidEmail(Problem.EMPTY)
    if any(character.isspace() for character in address):
        raise InvalidEmail(Problem.SPACE)
    if "@" not in address:
        raise InvalidEmail(Problem.NO_AT)
    local, _, domain = address.rpartition("@")
    if not local:
        raise InvalidEmail(Problem.NO_LOCAL_PART)
    if "@" in local and not local.startswith('"'):
        raise InvalidEmail(Problem.TWO_AT)
    if not domain.strip("."):
        raise InvalidEmail(Problem.NO_DOMAIN)
    if "." not in domain.strip(".") and not single_label:
        raise InvalidEmail(Problem.NO_DOT)
    lowered = domain.lower().rstrip(".")
    if any(lowered == name or lowered.endswith(f".{name}") for name in _RESERVED):
        raise InvalidEmail(Problem.RESERVED)


def _plain(address: str) -> str | None:
    """The address if it is a plain one that validate_email accepts as it is.

    validate_email costs about 30 µs, too much for 50,000 imported rows and
    their managers; this covers the common form and leaves anything else
    (Unicode, quotes, unusual characters, reserved domains) to it. A test binds
    the two.
    """
    lowered = address.lower()
    if len(lowered) > 254 or not _PLAIN.fullmatch(lowered):
        return None
    local, _, domain = lowered.partition("@")
    if len(local) > 64 or "--" in domain:  # "xn--" labels are IDNA
        return None
    if any(domain == name or domain.endswith(f".{name}") for name in _RESERVED):
        return None
    return lowered
