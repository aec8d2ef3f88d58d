"""The password policy: length, common passwords, the e-mail address."""

from __future__ import annotations

import pytest

from lms.auth.passwords import check_password_policy
from lms.errors import ValidationError


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "Use at least 12 characters."),
        ("x" * 257, "Use at most 256 characters."),
        ("password1234", "This password is too common."),
        ("Password1234", "This password is too common."),
        ("qwertyuiop12", "This password is too common."),
        ("aaaaaaaaaaaaaa", "This password is too common."),
        ("my-jane.doe-secret!", "must not contain your e-mail address"),
    ],
)
def test_weak_passwords_are_refused(password: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_password_policy(password, email="jane.doe@example.com")
    assert message in str(caught.value)
    assert caught.value.field == "password"


def test_a_long_unusual_passphrase_is_accepted() -> None:
    check_password_policy(
        "violet tractor under moonlight", email="jane.doe@example.com"
    )
