"""Whole numbers from request values: ASCII digits in a range, nothing else."""

from __future__ import annotations

import pytest

from lms.web.numbers import MAX_ID, MAX_PAGE, parse_positive_int

# Values that str.isdigit() or int() let through, or that no column can hold.
BAD_NUMBERS = [
    "²",  # isdigit() says yes, int() raises
    "١",  # Arabic-Indic one: int() reads 1
    "１",  # fullwidth one
    "99999999999999999999",  # beyond PostgreSQL's bigint
    "2147483648",  # beyond PostgreSQL's integer
    "1" * 5000,  # beyond int()'s digit limit
    "-1",
    "0",
    "1.5",
    "1e3",
    "0x10",
    "abc",
    "",
    " ",
]


@pytest.mark.parametrize("text", BAD_NUMBERS)
def test_anything_but_a_plain_number_in_range_is_refused(text: str) -> None:
    assert parse_positive_int(text, MAX_ID) is None


@pytest.mark.parametrize(
    ("text", "maximum", "expected"),
    [
        ("1", MAX_ID, 1),
        (" 42 ", MAX_ID, 42),
        ("007", MAX_ID, 7),
        ("2147483647", MAX_ID, 2**31 - 1),
        ("100000", MAX_PAGE, 100_000),
        ("100001", MAX_PAGE, None),
        ("00000000000000000000001", MAX_ID, 1),
    ],
)
def test_numbers_in_range(text: str, maximum: int, expected: int | None) -> None:
    assert parse_positive_int(text, maximum) == expected


def test_a_minimum_of_zero_accepts_zero() -> None:
    assert parse_positive_int("0", 10, minimum=0) == 0
    assert parse_positive_int("11", 10, minimum=0) is None


def test_none_is_no_number() -> None:
    assert parse_positive_int(None, MAX_ID) is None
