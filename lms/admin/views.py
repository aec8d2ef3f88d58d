"""The administrator's overview page (the start page after logging in)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from lms.admin.overview import build_overview
from lms.auth.access import require_roles
from lms.db import get_session
from lms.files.smtp import MailError, SmtpSettings
from lms.models import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _mail_configured() -> bool:
    try:
        return SmtpSettings.from_config(current_app.config) is not None
    except MailError:  # settings present but unusable: not done
        return False


@bp.route("/")
@require_roles(Role.ADMIN.value)
def overview() -> str:
    overview = build_overview(
        get_session(),
        base_url=str(current_app.config["LMS_BASE_URL"]),
        mail_configured=_mail_configured(),
    )
    return render_template("admin/overview.html", overview=overview)
