"""The pure parts: did:web names, the status bitstring, our own proof check."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lms.badges import credential, did, keys, proof, statuslist
from lms.badges.documents import CREDENTIALS_V2, UnknownContext


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://lms.example.com", "did:web:lms.example.com"),
        ("http://127.0.0.1:5000", "did:web:127.0.0.1%3A5000"),
        ("https://lms.example.com:8443/", "did:web:lms.example.com%3A8443"),
        ("https://example.com/training", "did:web:example.com:training"),
    ],
)
def test_did_web_encodes_the_port(base_url: str, expected: str) -> None:
    assert did.did_web(base_url) == expected


def test_status_bits_are_numbered_from_the_first_byte_s_high_bit() -> None:
    bits = statuslist.decode(statuslist.encode([0, 9, statuslist.LIST_BITS - 1]))
    assert (bits[0], bits[1], bits[-1]) == (0x80, 0x40, 0x01)
    assert [statuslist.is_set(bits, i) for i in (0, 1, 9)] == [True, False, True]
    with pytest.raises(ValueError, match="out of range"):
        statuslist.encode([statuslist.LIST_BITS])


def test_valid_until_is_the_last_second_of_the_day_in_the_zone() -> None:
    moment = credential.valid_until_moment(date(2027, 3, 2), "Europe/Berlin")
    assert proof.xsd_datetime(moment) == "2027-03-02T22:59:59Z"
    summer = credential.valid_until_moment(date(2027, 7, 1), "Europe/Berlin")
    assert proof.xsd_datetime(summer) == "2027-07-01T21:59:59Z"


def test_base58btc_keeps_leading_zeros() -> None:
    assert keys.base58btc(b"\0\0\x01") == "112"


def test_a_proof_binds_every_statement() -> None:
    key = Ed25519PrivateKey.generate()
    document = {
        "@context": [CREDENTIALS_V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:lms.test",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "urn:uuid:8c2e0a5e-8d54-4a25-9d8e-1a2b3c4d5e6f"},
    }
    signed = proof.sign(document, key, "did:web:lms.test#key-1", datetime.now(UTC))
    assert proof.verify(signed, key.public_key())
    assert not proof.verify(
        {**signed, "validFrom": "2027-01-01T00:00:00Z"}, key.public_key()
    )
    assert not proof.verify(signed, Ed25519PrivateKey.generate().public_key())


def test_contexts_never_come_from_the_network() -> None:
    with pytest.raises(Exception) as info:  # noqa: PT011 (pyld wraps the cause)
        proof.canonical({"@context": "https://example.com/ctx.json", "a": 1})
    causes, error = [], info.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(cause, UnknownContext) for cause in causes), causes
