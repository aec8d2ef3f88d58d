"""The administrator's overview page (the start page after logging in), and the
certificate signing key's page."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template

from lms.admin.overview import build_overview
from lms.auth.access import require_roles
from lms.certify.issuing import publishing
from lms.db import get_session
from lms.files.smtp import MailError, SmtpSettings
from lms.models import Role
from lms.web.downloads import content_disposition

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
    return render_template(
        "admin/overview.html",
        overview=overview,
        base_url_is_default=publishing().base_url_is_default,
    )


@bp.route("/signing")
@require_roles(Role.ADMIN.value)
def signing() -> str:
    """Who signs the certificate PDFs: the certificate, its fingerprint, its source."""
    return render_template(
        "admin/signing.html",
        identity=publishing().identity,
        organisation=publishing().organisation,
    )


@bp.route("/signing/certificate.pem")
@require_roles(Role.ADMIN.value)
def signing_certificate() -> Response:
    """The signing certificate (never the key), for auditors' trust stores."""
    response = Response(
        publishing().identity.cert_pem, mimetype="application/x-pem-file"
    )
    response.headers["Content-Disposition"] = content_disposition(
        "certificate-signing.pem"
    )
    return response
