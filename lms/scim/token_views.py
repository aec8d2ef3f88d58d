"""The administrators' page for SCIM tokens: create (shown once), list, revoke.

A SCIM token provisions people and nothing else; an API token cannot do it.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lms.api import token_pages
from lms.auth.access import require_roles
from lms.models import Role

bp = Blueprint("scim_tokens", __name__)

ADMIN = Role.ADMIN.value
KIND = "scim"


@bp.route("/admin/scim-tokens", methods=["GET", "POST"])
@require_roles(ADMIN)
def index() -> tuple[str, int]:
    return token_pages.token_page(
        KIND,
        "scim/tokens.html",
        base_url=request.host_url.rstrip("/") + "/scim/v2",
    )


@bp.route("/admin/scim-tokens/<int:token_id>/revoke", methods=["POST"])
@require_roles(ADMIN)
def revoke(token_id: int) -> Response:
    token = token_pages.revoke(KIND, token_id)
    flash(_("The SCIM token %(name)s was revoked.", name=token.name), "success")
    return redirect(url_for("scim_tokens.index"))
