"""The issuer's ``did:web`` identifier and DID document.

``did:web:<host>`` resolves to ``https://<host>/.well-known/did.json``; a port
is part of the host, written ``%3A`` (``did:web:lms.example%3A8443``). A base
URL with a path gives ``did:web:<host>:<path segments>`` (resolved at
``<base URL>/did.json``).
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import quote, urlsplit

KEY_FRAGMENT: Final = "key-1"
DID_CONTEXTS: Final = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/multikey/v1",
]


def did_web(base_url: str) -> str:
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"no host in base URL: {base_url!r}")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    segments = [quote(s, safe="") for s in parts.path.split("/") if s]
    return ":".join(["did:web", quote(host, safe=""), *segments])


def verification_method_id(did: str) -> str:
    return f"{did}#{KEY_FRAGMENT}"


def did_document(did: str, public_multikey: str) -> dict[str, Any]:
    """The DID document with one Multikey, for assertions (signing credentials)."""
    method = verification_method_id(did)
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_multikey,
            }
        ],
        "assertionMethod": [method],
        "authentication": [method],
    }
