"""The issuer's Ed25519 key: kept in a PEM file, published as a Multikey.

Generated once (at first start) in the instance folder, or read from the path
in ``LMS_BADGE_KEY``. The public half is published as ``z6Mk…`` (multibase
base58btc of the multicodec ``ed25519-pub`` prefix and the 32 key bytes).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_PUB: Final = b"\xed\x01"  # multicodec varint of 0xed


def base58btc(data: bytes) -> str:
    """Bitcoin's base58 (leading zero bytes become "1")."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(_ALPHABET[rest])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def multibase_base58btc(data: bytes) -> str:
    return "z" + base58btc(data)


def public_multikey(key: Ed25519PublicKey) -> str:
    """The ``publicKeyMultibase`` of a Multikey verification method."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase_base58btc(_ED25519_PUB + raw)


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """The key in ``path``; a new one written there (mode 0600) if there is none.

    Two processes starting at once: the first creates the file (O_EXCL), the
    second reads it.
    """
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            return key
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return loaded
