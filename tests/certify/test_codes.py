"""Verification codes, check symbols, certificate numbers and course prefixes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.certify.codes import (
    ALPHABET,
    CHECK_ALPHABET,
    DATA_LENGTH,
    DISPLAY_LENGTH,
    certificate_number,
    check_symbol,
    course_prefix,
    new_verification_code,
    normalize_code,
)

DISPLAY = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}-[0-9A-Z*~$=]")

data_chars = st.text(alphabet=ALPHABET, min_size=DATA_LENGTH, max_size=DATA_LENGTH)
compact_codes = data_chars.map(lambda data: data + check_symbol(data))


def crockford(number: int) -> str:
    """Independent base32 encoding, most significant digit first."""
    digits = ""
    while True:
        number, digit = divmod(number, 32)
        digits = ALPHABET[digit] + digits
        if number == 0:
            return digits


def test_alphabets_follow_crockford() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert CHECK_ALPHABET[32:] == "*~$=U"


def test_new_code_has_display_form_and_round_trips() -> None:
    code = new_verification_code()
    assert DISPLAY.fullmatch(code)
    assert len(code) == DISPLAY_LENGTH
    assert normalize_code(code) == code


def test_ten_thousand_codes_are_unique_and_use_every_symbol_everywhere() -> None:
    codes = [new_verification_code() for _ in range(10_000)]
    assert len(set(codes)) == len(codes)
    data = [code.replace("-", "")[:DATA_LENGTH] for code in codes]
    # 12 uniformly random base32 positions are the 60 bits; a position stuck on
    # fewer symbols would show here (each symbol is expected ~312 times).
    for position in range(DATA_LENGTH):
        assert {chars[position] for chars in data} == set(ALPHABET)


@pytest.mark.parametrize(
    ("data", "check"),
    [("0", "0"), ("1", "1"), ("Z", "Z"), ("10", "*"), ("14", "U"), ("16J", "D")],
)
def test_check_symbol_known_values(data: str, check: str) -> None:
    # 1234 is "16J" in base32 and 1234 mod 37 is 13, "D".
    assert check_symbol(data) == check


@given(st.integers(min_value=0, max_value=2**60 - 1))
def test_check_symbol_is_the_value_mod_37(number: int) -> None:
    assert check_symbol(crockford(number)) == CHECK_ALPHABET[number % 37]


@given(compact_codes, st.data())
def test_normalize_folds_case_separators_and_lookalikes(
    compact: str, draw: st.DataObject
) -> None:
    lookalikes = {"0": "0Oo", "1": "1IiLl"}
    typed = ""
    for symbol in compact:
        typed += draw.draw(st.sampled_from(lookalikes.get(symbol, symbol)))
        typed += draw.draw(st.sampled_from(["", "", "-", " ", " - "]))
    typed = "".join(
        symbol.lower() if draw.draw(st.booleans()) else symbol for symbol in typed
    )
    expected = "-".join([compact[0:4], compact[4:8], compact[8:12], compact[12]])
    assert normalize_code(typed) == expected
    assert normalize_code(expected) == expected


@given(compact_codes)
def test_every_single_substitution_is_rejected(compact: str) -> None:
    for position, original in enumerate(compact):
        allowed = ALPHABET if position < DATA_LENGTH else CHECK_ALPHABET
        for replacement in allowed.replace(original, ""):
            typo = compact[:position] + replacement + compact[position + 1 :]
            assert normalize_code(typo) is None, typo


@given(compact_codes)
def test_every_adjacent_transposition_is_rejected(compact: str) -> None:
    # The last swap exchanges the final data character and the check symbol.
    for position in range(len(compact) - 1):
        first, second = compact[position], compact[position + 1]
        if first == second:
            continue
        swapped = compact[:position] + second + first + compact[position + 2 :]
        assert normalize_code(swapped) is None, swapped


def test_u_is_valid_only_as_check_symbol() -> None:
    data = next(
        crockford(n).rjust(DATA_LENGTH, "0") for n in range(37, 10_000) if n % 37 == 36
    )
    assert check_symbol(data) == "U"
    assert normalize_code(data + "u") == f"{data[:4]}-{data[4:8]}-{data[8:]}-U"
    assert normalize_code("U" + data[1:] + "U") is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Q7K2-M9XD-4HPR",
        "Q7K2-M9XD-4HPR-33",
        "Q7K2M9XD4HP3",
        "Q7K2-M9XD-4HPR-CC-C",
        "Q7K2_M9XD_4HPR_3",
        "Q7K2-M9XD-4HPR-!",
        "*7K2-M9XD-4HPR-3",
        "Q7K2-M9XD-4HPR-ı",
        "Q7K2-M9XD-4HPR-\u0033\u0301",
        "Q" * 10_000,
    ],
)
def test_malformed_codes_are_rejected(text: str) -> None:
    assert normalize_code(text) is None


def test_example_code_from_the_brief_shape() -> None:
    assert normalize_code("q7k2 m9xd 4hpr 3") == "Q7K2-M9XD-4HPR-3"
    assert normalize_code("Q7K2-M9XD-4HPR-C") is None  # wrong check symbol


@pytest.mark.parametrize(
    ("prefix", "year", "sequence", "number"),
    [
        ("CSE", 2026, 123, "CSE-2026-000123"),
        ("HS", 2027, 1, "HS-2027-000001"),
        ("ABCDEF", 2026, 999_999, "ABCDEF-2026-999999"),
        ("G2", 2026, 1_234_567, "G2-2026-1234567"),
    ],
)
def test_certificate_number(prefix: str, year: int, sequence: int, number: str) -> None:
    assert certificate_number(prefix, year, sequence) == number


@pytest.mark.parametrize(
    ("prefix", "year", "sequence"),
    [
        ("C", 2026, 1),
        ("ABCDEFG", 2026, 1),
        ("cse", 2026, 1),
        ("C-E", 2026, 1),
        ("CSE", 999, 1),
        ("CSE", 10_000, 1),
        ("CSE", 2026, 0),
        ("CSE", 2026, -5),
    ],
)
def test_certificate_number_rejects_bad_parts(
    prefix: str, year: int, sequence: int
) -> None:
    with pytest.raises(ValueError, match=r"prefix|year|sequence"):
        certificate_number(prefix, year, sequence)


@pytest.mark.parametrize(
    ("slug", "prefix"),
    [
        ("customer-service-essentials", "CSE"),
        ("health-and-safety", "HS"),
        ("introduction-to-the-gdpr", "IG"),
        ("python", "PYT"),
        ("it", "IT"),
        ("a-b", "AB"),
        ("Data_Protection 101", "DP1"),
        ("one-two-three-four-five-six-seven-eight", "OTTFFS"),
        ("arbeitssicherheit-fuer-fuehrungskraefte", "AF"),
    ],
)
def test_course_prefix(slug: str, prefix: str) -> None:
    assert course_prefix(slug) == prefix
    assert certificate_number(course_prefix(slug), 2026, 1).startswith(prefix)


@pytest.mark.parametrize("slug", ["", "---", "x", "é"])
def test_course_prefix_rejects_unusable_slugs(slug: str) -> None:
    with pytest.raises(ValueError, match="slug"):
        course_prefix(slug)


def test_new_codes_end_in_a_letter_or_digit_never_punctuation() -> None:
    # About one old code in seven ended in * ~ $ =, which autolinkers drop.
    checks = {new_verification_code()[-1] for _ in range(3_000)}
    assert checks <= set(ALPHABET + "U")
    assert not checks & set("*~$=")


@pytest.mark.parametrize("data", ["10", "11", "12", "13"])
def test_old_codes_ending_in_punctuation_still_verify(data: str) -> None:
    compact = data.rjust(12, "0")
    check = check_symbol(compact)
    assert check in "*~$="
    code = "-".join([compact[0:4], compact[4:8], compact[8:12], check])
    assert normalize_code(code) == code
