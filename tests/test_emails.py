"""The one e-mail check: internal domains accepted, wrong addresses named."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.emails import InvalidEmail, Problem, _plain, _validated, canonical_email


@pytest.mark.parametrize(
    "address",
    [
        "anna@firma.local",
        "Anna.Berg@Firma.LOCAL",
        "anna@corp.internal",
        "anna@büro.lan",
        "anna@firma.corp",
        "anna@ad.firma.local",
    ],
)
def test_internal_domains_are_accepted(address: str) -> None:
    assert canonical_email(f" {address} ") == address.lower()


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("", Problem.EMPTY),
        ("anna.firma.de", Problem.NO_AT),
        ("@firma.de", Problem.NO_LOCAL_PART),
        ("anna@", Problem.NO_DOMAIN),
        ("anna berg@firma.de", Problem.SPACE),
        ("anna@firma de", Problem.SPACE),
        ("anna@intranet", Problem.NO_DOT),
        ("a@b@firma.de", Problem.TWO_AT),
        ("anna@firma.invalid", Problem.RESERVED),
        ("anna@x..de", Problem.OTHER),
    ],
)
def test_a_wrong_address_says_what_is_wrong(address: str, problem: Problem) -> None:
    with pytest.raises(InvalidEmail) as caught:
        canonical_email(address)
    assert caught.value.problem is problem
    assert caught.value.message


def test_single_label_hosts_only_when_configured(app: Any) -> None:
    with app.app_context():
        with pytest.raises(InvalidEmail):
            canonical_email("anna@intranet")
        app.config["LMS_EMAIL_ALLOW_SINGLE_LABEL"] = True
        assert canonical_email("Anna@Intranet") == "anna@intranet"
    assert canonical_email("anna@intranet", single_label=True) == "anna@intranet"


def test_messages_are_translated(app: Any) -> None:
    with app.test_request_context(headers={"Accept-Language": "de"}):
        with pytest.raises(InvalidEmail) as caught:
            canonical_email("anna.firma.de")
        assert caught.value.message.startswith("Eine E-Mail-Adresse braucht ein @")


_LABEL = st.from_regex(r"[a-zA-Z0-9-]{1,8}", fullmatch=True) | st.sampled_from(
    ["test", "local", "localhost", "onion", "arpa", "invalid", "xn--bcher-kva", "123"]
)


def _slow(address: str) -> str | None:
    try:
        return _validated(address.strip(), False)
    except InvalidEmail:
        return None


@settings(max_examples=500, deadline=None)
@given(
    local=st.from_regex(r"[a-zA-Z0-9._+\-]{1,12}", fullmatch=True),
    labels=st.lists(_LABEL, min_size=1, max_size=4),
)
def test_the_fast_check_agrees_with_the_thorough_one(
    local: str, labels: list[str]
) -> None:
    address = f"{local}@{'.'.join(labels)}"
    plain = _plain(address)
    assert plain is None or plain == _slow(address)


@pytest.mark.parametrize(
    "address",
    [
        "Anna.Berg@Example.com",
        "a+tag@mail.example.co.uk",
        "x_y-z@a-b.example",
        "p1@example.museum",
        "anna@firma.local",
    ],
)
def test_plain_addresses_take_the_fast_way(address: str) -> None:
    assert _plain(address) == _slow(address) == address.lower()
