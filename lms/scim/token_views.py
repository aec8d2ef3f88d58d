"""The administrators' page for SCIM tokens: create (shown once), list, revoke.

A SCIM token provisions people and nothing else; an API token cannot do it.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.api import tokens as api_tokens
from lms.auth.access import require_roles
from lms.db import get_session, utcnow
from lms.errors import LmsError, NotFound
from lms.models import Role

bp = Blueprint("scim_tokens", __name__)

ADMIN = Role.ADMIN.value
KIND = "scim"


@bp.route("/admin/scim-tokens", methods=["GET", "POST"])
@require_roles(ADMIN)
def index() -> str | tuple[str, int]:
    db = get_session()
    new_token = None
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            new_token = api_tokens.create_token(
                db, current_user, request.form.get("name", ""), utcnow(), KIND
            )
        except LmsError as exc:
            db.rollback()
            errors[getattr(exc, "field", None) or "name"] = str(exc)
            status = 400
    return render_template(
        "scim/tokens.html",
        tokens=api_tokens.list_tokens(db, KIND),
        new_token=new_token,
        errors=errors,
        values=request.form,
        base_url=request.host_url.rstrip("/") + "/scim/v2",
    ), status


@bp.route("/admin/scim-tokens/<int:token_id>/revoke", methods=["POST"])
@require_roles(ADMIN)
def revoke(token_id: int) -> Response:
    db = get_session()
    try:
        token = api_tokens.revoke_token(db, current_user, token_id, utcnow(), KIND)
    except NotFound:
        abort(404)
    flash(_("The SCIM token %(name)s was revoked.", name=token.name), "success")
    return redirect(url_for("scim_tokens.index"))
