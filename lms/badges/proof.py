"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

W3C "Data Integrity EdDSA Cryptosuites v1.0", section 3.3: the document
(without its proof) and the proof options are each canonicalized with RDF
Dataset Canonicalization (RDFC-1.0, which is URDNA2015) and hashed with
SHA-256; the Ed25519 signature over the proof options' hash followed by the
document's hash is the ``proofValue`` (multibase base58btc).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyld import jsonld

from lms.badges.documents import offline_loader
from lms.badges.keys import base58btc, multibase_base58btc

CRYPTOSUITE = "eddsa-rdfc-2022"


def xsd_datetime(moment: datetime) -> str:
    """UTC, whole seconds, with a ``Z``: what ``xsd:dateTime`` readers agree on."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical(document: Mapping[str, Any]) -> str:
    """The RDFC-1.0 N-Quads of a JSON-LD document, contexts from the shipped copies."""
    nquads: str = jsonld.normalize(
        dict(document),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": offline_loader,
        },
    )
    return nquads


def _hash_data(document: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    return (
        hashlib.sha256(canonical(options).encode()).digest()
        + hashlib.sha256(canonical(unsigned).encode()).digest()
    )


def sign(
    document: Mapping[str, Any],
    key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
) -> dict[str, Any]:
    """The document with an ``assertionMethod`` proof by ``key`` added."""
    options: dict[str, Any] = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(document, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = multibase_base58btc(signature)
    return {**document, "proof": proof}


def verify(document: Mapping[str, Any], key: Ed25519PublicKey) -> bool:
    """Whether the document's proof is a valid signature by ``key`` (our own check;
    the tests verify with an independent implementation too)."""
    proof = dict(document.get("proof") or {})
    value = str(proof.pop("proofValue", ""))
    if proof.get("cryptosuite") != CRYPTOSUITE or not value.startswith("z"):
        return False
    options = {"@context": document["@context"], **proof}
    try:
        signature = _from_base58btc(value[1:])
        key.verify(signature, _hash_data(document, options))
    except (InvalidSignature, ValueError):
        return False
    return True


def _from_base58btc(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _DIGITS[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    decoded = b"\0" * zeros + body
    if base58btc(decoded) != text:
        raise ValueError("not base58btc")
    return decoded


_DIGITS = {
    c: i
    for i, c in enumerate("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
}
