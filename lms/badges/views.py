"""Open Badges routes: the issuer's DID document, status lists, my credentials."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, current_app
from flask_login import current_user

from lms.auth.access import public, require_roles
from lms.badges import services
from lms.badges.signer import signer
from lms.certify import services as certify
from lms.db import get_session, utcnow
from lms.errors import NotFound
from lms.web.downloads import content_disposition

bp = Blueprint("badges", __name__)

# The status lists change on revocation; verifiers may cache them this long.
STATUS_MAX_AGE = 300


def _json(document: dict[str, Any], media_type: str, cache: str) -> Response:
    response = Response(
        json.dumps(document, ensure_ascii=False, indent=2), mimetype=media_type
    )
    response.headers["Cache-Control"] = cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/.well-known/did.json")
@bp.route("/did.json")
@public
def did_document() -> Response:
    """The issuer's ``did:web`` document: its public key, as a Multikey.

    ``/did.json`` is where ``did:web`` looks when ``LMS_BASE_URL`` has a path
    (``did:web:example.com:training`` -> ``example.com/training/did.json``)."""
    return _json(
        signer().did_document(), "application/did+json", "public, max-age=3600"
    )


@bp.route("/badges/status/<int:list_number>")
@public
def status_list(list_number: int) -> Response:
    """A signed Bitstring Status List credential: which credentials are revoked."""
    if list_number > 10_000:
        abort(404)
    document = services.status_list(get_session(), signer(), list_number, utcnow())
    return _json(
        document, "application/vc+ld+json", f"public, max-age={STATUS_MAX_AGE}"
    )


@bp.route("/certificates/<number>.json")
@require_roles()
def credential(number: str) -> Response:
    """My certificate as a signed Open Badges 3.0 credential (JSON-LD)."""
    db = get_session()
    try:
        certificate = certify.own_certificate(db, current_user, number)
    except NotFound:
        abort(404)
    document = services.credential_of(
        db, signer(), certificate, current_app.config["BABEL_DEFAULT_TIMEZONE"]
    )
    if document is None:
        abort(404)
    response = _json(document, "application/vc+ld+json", "private, no-store")
    response.headers.pop("Access-Control-Allow-Origin")
    response.headers["Content-Disposition"] = content_disposition(
        f"{certificate.number}_{certificate.holder_name}.json",
        fallback="credential",
    )
    return response
