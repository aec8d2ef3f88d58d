"""Password hashing (argon2) and the password policy; pure, no database."""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

from lms.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 256

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so that a wrong e-mail costs the
# same time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-password-anyone-uses")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if stored_hash is None:
        verify_dummy(password)
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_dummy(password: str) -> None:
    with suppress(VerificationError):
        _hasher.verify(_DUMMY_HASH, password)


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@cache
def common_passwords() -> frozenset[str]:
    text = (
        resources.files("lms")
        .joinpath("data/common-passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def check_password_policy(password: str, *, email: str = "") -> None:
    """Raise ValidationError (field ``password``) when the password is too weak."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            _l("Use at least %(count)d characters.", count=MIN_LENGTH), "password"
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            _l("Use at most %(count)d characters.", count=MAX_LENGTH), "password"
        )
    folded = password.casefold()
    if folded in common_passwords() or len(set(folded)) < 4:
        raise ValidationError(
            _l("This password is too common. Choose one that is hard to guess."),
            "password",
        )
    local_part = email.casefold().split("@")[0]
    if len(local_part) >= 4 and local_part in folded:
        raise ValidationError(
            _l("The password must not contain your e-mail address."), "password"
        )
