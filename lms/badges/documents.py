"""The JSON-LD contexts, served from the copies shipped in this package.

Canonicalization never touches the network: a context that is not here is an
error, not a download.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Final

CREDENTIALS_V2: Final = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2: Final = "https://w3id.org/security/data-integrity/v2"

_FOLDER: Final = Path(__file__).parent / "contexts"
_FILES: Final = {
    CREDENTIALS_V2: "credentials-v2.json",
    OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.json",
}


class UnknownContext(LookupError):
    """A document asked for a context that is not shipped."""


@cache
def _context(url: str) -> dict[str, Any]:
    try:
        name = _FILES[url]
    except KeyError:
        raise UnknownContext(url) from None
    document: dict[str, Any] = json.loads((_FOLDER / name).read_text("utf-8"))
    return document


def offline_loader(url: str, options: object = None) -> dict[str, Any]:
    """A pyld document loader over the shipped contexts only."""
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}
