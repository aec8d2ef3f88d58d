"""The administrators' pages for API tokens: create, list, revoke.

They live at /admin/api-tokens, not under /api/: everything under /api/ is the
JSON API, which answers bearer tokens (no login, no CSRF); these are ordinary
logged-in HTML pages with forms.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lms.api import token_pages
from lms.auth.access import require_roles
from lms.models import Role
from lms.web.redirects import moved_to

bp = Blueprint("api_tokens", __name__)

ADMIN = Role.ADMIN.value


@bp.route("/admin/api-tokens", methods=["GET", "POST"])
@require_roles(ADMIN)
def index() -> tuple[str, int]:
    return token_pages.token_page(
        "api",
        "api/tokens.html",
    )


@bp.route("/admin/api-tokens/<int:token_id>/revoke", methods=["POST"])
@require_roles(ADMIN)
def revoke(token_id: int) -> Response:
    token = token_pages.revoke("api", token_id)
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
