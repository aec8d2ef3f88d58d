"""What the administrators' token pages share (API and SCIM tokens): create one
(shown once), list them, revoke one. The blueprints stay thin around these."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from lms.api import tokens as api_tokens
from lms.db import get_session, utcnow
from lms.errors import LmsError, NotFound
from lms.models import ApiToken


def token_page(kind: str, template: str, **context: Any) -> tuple[str, int]:
    """The token page of ``kind``; a POST creates a token and shows it once."""
    db = get_session()
    new_token = None
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            new_token = api_tokens.create_token(
                db, current_user, request.form.get("name", ""), utcnow(), kind
            )
        except LmsError as exc:
            db.rollback()
            errors[getattr(exc, "field", None) or "name"] = str(exc)
            status = 400
    page = render_template(
        template,
        tokens=api_tokens.list_tokens(db, kind),
        new_token=new_token,
        errors=errors,
        values=request.form,
        **context,
    )
    return page, status


def revoke(kind: str, token_id: int) -> ApiToken:
    """Revoke the token of ``kind``; 404 for a token of another kind or none."""
    try:
        return api_tokens.revoke_token(
            get_session(), current_user, token_id, utcnow(), kind
        )
    except NotFound:
        abort(404)
