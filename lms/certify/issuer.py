"""The organisation that issues certificates, as configured (``LMS_ISSUER_*``).

One home for the issuer: the certificate, the transcript, the verify page, the
JSON record and the signed credentials all read it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Issuer:
    """Who stands behind a certificate, and who signs it."""

    name: str
    url: str
    address: str = ""
    logo: Path | None = None
    signatory_name: str = ""
    signatory_title: str = ""
    signature_image: Path | None = None


def _path(value: object) -> Path | None:
    text = str(value or "").strip()
    return Path(text) if text else None


def issuer_from_config(config: Mapping[str, Any]) -> Issuer:
    """The configured issuer; without a name, the host of ``LMS_BASE_URL``."""
    base_url = str(config.get("LMS_BASE_URL") or "").rstrip("/")
    url = str(config.get("LMS_ISSUER_URL") or "").strip() or base_url
    name = str(config.get("LMS_ISSUER_NAME") or "").strip()
    return Issuer(
        name=name or urlsplit(base_url).netloc,
        url=url,
        address=str(config.get("LMS_ISSUER_ADDRESS") or "").strip(),
        logo=_path(config.get("LMS_ISSUER_LOGO")),
        signatory_name=str(config.get("LMS_ISSUER_SIGNATORY_NAME") or "").strip(),
        signatory_title=str(config.get("LMS_ISSUER_SIGNATORY_TITLE") or "").strip(),
        signature_image=_path(config.get("LMS_ISSUER_SIGNATURE_IMAGE")),
    )
