"""Checks on certificate PDFs: the stored hash and the attached JSON record."""

from __future__ import annotations

import hashlib
import json
from io import BytesIO
from typing import Any, Final

from pypdf import PdfReader

# The name render.py attaches the record under; kept here too so that checking
# an upload does not import WeasyPrint. A test keeps the two equal.
ATTACHMENT_NAME: Final = "certificate.json"
# Our record is well under 4 KB; anything far bigger is not one of ours.
MAX_RECORD_BYTES: Final = 64 * 1024


class CertificatePdfError(ValueError):
    """The bytes are not a PDF carrying a readable certificate record."""


def pdf_sha256(data: bytes) -> str:
    """Return the SHA-256 of the PDF bytes as 64 lowercase hex digits."""
    return hashlib.sha256(data).hexdigest()


def read_attachment(pdf: bytes, name: str = ATTACHMENT_NAME) -> dict[str, Any]:
    """Return the JSON object attached to ``pdf`` as ``name``.

    Raises `CertificatePdfError` for anything that is not a readable PDF with
    exactly one such attachment holding a JSON object. The input may be an
    upload from anyone, so every parser failure is turned into that error.
    """
    try:
        reader = PdfReader(BytesIO(pdf), strict=False)
        contents = reader.attachments.get(name)
    # A crafted file can make pypdf fail in many ways (IndexError, zlib.error,
    # RecursionError...); all of them mean the same to the caller.
    except Exception as exc:
        raise CertificatePdfError(f"not a readable PDF: {exc}") from None
    if not contents:
        raise CertificatePdfError(f"the PDF has no attachment named {name}")
    if len(contents) != 1:
        raise CertificatePdfError(f"the PDF has {len(contents)} attachments {name}")
    payload = contents[0]
    if len(payload) > MAX_RECORD_BYTES:
        raise CertificatePdfError(f"the attachment {name} is too large")
    try:
        record = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CertificatePdfError(f"the attachment {name} is not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise CertificatePdfError(f"the attachment {name} is not a JSON object")
    return record
