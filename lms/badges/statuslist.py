"""W3C Bitstring Status List v1.0: which certificates are revoked.

Each certificate gets a ``status_index`` at issue; list ``n`` (from 1) holds
indexes ``(n - 1) * LIST_BITS`` to ``n * LIST_BITS - 1``. Bit 0 is the most significant
bit of the first byte; the list is gzip-compressed and written as multibase
base64url without padding (``u…``). 131,072 bits (16 KiB) is the minimum the
specification asks for, so that one lookup does not tell which certificate is
being checked.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

from lms.badges.documents import CREDENTIALS_V2
from lms.badges.proof import xsd_datetime

LIST_BITS: Final = 131_072
PURPOSE: Final = "revocation"


def list_number(index: int) -> int:
    return index // LIST_BITS + 1


def first_index(number: int) -> int:
    return (number - 1) * LIST_BITS


def status_entry(list_url: str, index: int) -> dict[str, str]:
    return {
        "id": f"{list_url}#{index % LIST_BITS}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index % LIST_BITS),
        "statusListCredential": list_url,
    }


def encode(set_positions: Iterable[int]) -> str:
    bits = bytearray(LIST_BITS // 8)
    for position in set_positions:
        if not 0 <= position < LIST_BITS:
            raise ValueError(f"status position out of range: {position}")
        bits[position // 8] |= 0x80 >> (position % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    text = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def is_set(bits: bytes, position: int) -> bool:
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list_credential(
    list_url: str, issuer_did: str, revoked: Iterable[int], valid_from: datetime
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential``; ``revoked``: positions in it."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked),
        },
    }
