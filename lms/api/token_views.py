"""The administrators' pages for API tokens: create, list, revoke.

They live at /admin/api-tokens, not under /api/: everything under /api/ is the
JSON API, which answers bearer tokens (no login, no CSRF); these are ordinary
logged-in HTML pages with forms.
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
from lms.web.redirects import moved_to

bp = Blueprint("api_tokens", __name__)

ADMIN = Role.ADMIN.value


@bp.route("/admin/api-tokens", methods=["GET", "POST"])
@require_roles(ADMIN)
def index() -> str | tuple[str, int]:
    db = get_session()
    new_token = None
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            new_token = api_tokens.create_token(
                db, current_user, request.form.get("name", ""), utcnow()
            )
        except LmsError as exc:
            db.rollback()
            errors[getattr(exc, "field", None) or "name"] = str(exc)
            status = 400
    return render_template(
        "api/tokens.html",
        tokens=api_tokens.list_tokens(db),
        new_token=new_token,
        errors=errors,
        values=request.form,
    ), status


@bp.route("/admin/api-tokens/<int:token_id>/revoke", methods=["POST"])
@require_roles(ADMIN)
def revoke(token_id: int) -> Response:
    db = get_session()
    try:
        token = api_tokens.revoke_token(db, current_user, token_id, utcnow())
    except NotFound:
        abort(404)
    flash(_("The token %(name)s was revoked.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))


@bp.route("/hr/exports/tokens", methods=["GET", "POST"])
@require_roles(ADMIN)
def old_index() -> Response:
    return moved_to("api_tokens.index")


@bp.route("/hr/exports/tokens/<int:token_id>/revoke", methods=["POST"])
@require_roles(ADMIN)
def old_revoke(token_id: int) -> Response:
    return moved_to("api_tokens.revoke", token_id=token_id)
