"""The issuer's signing identity as this application configures it.

``init_app`` loads (or, at first start, creates) the key and registers the hook
that makes each new certificate's credential (lms.certify.render).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask, current_app, has_app_context

from lms.badges import credential as badge
from lms.badges import did, keys, proof, statuslist
from lms.certify.issuer import issuer_from_config
from lms.certify.render import CREDENTIAL_HOOKS, CertificateData

EXTENSION = "lms.badges"
KEY_FILE = "badge-key.pem"


@dataclass(frozen=True)
class Signer:
    key: Ed25519PrivateKey
    base_url: str
    did: str
    issuer: badge.IssuerProfile

    @property
    def verification_method(self) -> str:
        return did.verification_method_id(self.did)

    def did_document(self) -> dict[str, Any]:
        return did.did_document(self.did, keys.public_multikey(self.key.public_key()))

    def status_list_url(self, number: int) -> str:
        return f"{self.base_url}/badges/status/{number}"

    def sign(self, document: dict[str, Any], created: datetime) -> dict[str, Any]:
        return proof.sign(document, self.key, self.verification_method, created)

    def credential(
        self, data: CertificateData, status_index: int, slug: str
    ) -> dict[str, Any]:
        list_url = self.status_list_url(statuslist.list_number(status_index))
        facts = badge.BadgeFacts(
            credential_id=data.verify_url,
            achievement_id=f"{self.base_url}/courses/{slug}",
            holder_name=data.holder_name,
            course_title=data.course_title,
            number=data.number,
            language=data.language,
            issued_at=data.issued_at,
            valid_until=data.valid_until,
            time_zone=data.time_zone,
            score_percent=data.score_percent,
            path_title=data.path_title,
            status_entry=statuslist.status_entry(list_url, status_index),
        )
        return self.sign(badge.open_badge(facts, self.issuer), data.issued_at)


def signer(app: Flask | None = None) -> Signer:
    """The key loaded at start, with the names the configuration gives now."""
    app = app or current_app
    base_url = str(app.config["LMS_BASE_URL"]).rstrip("/")
    identifier = did.did_web(base_url)
    issuer = issuer_from_config(app.config)
    return Signer(
        key=app.extensions[EXTENSION],
        base_url=base_url,
        did=identifier,
        issuer=badge.IssuerProfile(did=identifier, name=issuer.name, url=issuer.url),
    )


def _hook(data: CertificateData, status_index: int, slug: str) -> bytes | None:
    if not has_app_context() or EXTENSION not in current_app.extensions:
        return None
    document = signer().credential(data, status_index, slug)
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def init_app(app: Flask) -> None:
    """Load the key, or make it at first start (instance folder or LMS_BADGE_KEY)."""
    configured = app.config.get("LMS_BADGE_KEY")
    path = Path(configured or Path(app.instance_path) / KEY_FILE)
    app.extensions[EXTENSION] = keys.load_or_create(path)
    if _hook not in CREDENTIAL_HOOKS:
        CREDENTIAL_HOOKS.append(_hook)
