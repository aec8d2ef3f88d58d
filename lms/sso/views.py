"""Log in with the company's OpenID Provider: start, come back, or a clear refusal."""

from __future__ import annotations

import secrets
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from werkzeug.wrappers import Response

from lms.audit.record import audit
from lms.auth.access import public
from lms.auth.landing import landing_endpoint, safe_next
from lms.auth.login import log_in
from lms.db import get_session, keep_changes_on_error, utcnow, write_step
from lms.events import logging_out
from lms.sso import client
from lms.sso.client import SsoError
from lms.sso.messages import failure_message
from lms.sso.provisioning import provision, read_facts
from lms.sso.settings import OidcSettings, read_settings

bp = Blueprint("sso", __name__)

# The pending login in the signed session: state, nonce, PKCE verifier, next.
PENDING = "_lms_sso_pending"
# The ID token of this login, sent back as id_token_hint at logout.
ID_TOKEN = "_lms_sso_id_token"  # noqa: S105  (a session key, not a secret)
# Larger ID tokens (many groups) are not kept in the cookie; logout then
# names the client instead.
MAX_HINT = 2000
EXTENSION = "lms_sso_settings"


def sso_settings(app: Flask | None = None) -> OidcSettings | None:
    settings: OidcSettings | None = (app or current_app).extensions.get(EXTENSION)
    return settings


def _configured() -> OidcSettings:
    settings = sso_settings()
    if settings is None:
        abort(404)
    return settings


def _redirect_uri() -> str:
    return f"{current_app.config['LMS_BASE_URL']}{url_for('sso.callback')}"


@bp.route("/login/sso")
@public
def start() -> Response | tuple[str, int]:
    settings = _configured()
    try:
        authorization = client.authorize(settings, _redirect_uri(), str(get_locale()))
    except SsoError as error:
        return _failed(settings, error)
    session[PENDING] = {
        "state": authorization.state,
        "nonce": authorization.nonce,
        "verifier": authorization.code_verifier,
        "next": request.args.get("next", ""),
    }
    return redirect(authorization.url)


@bp.route("/login/sso/callback")
@public
def callback() -> Response | tuple[str, int]:
    settings = _configured()
    # Used once: a replayed or second callback finds nothing pending.
    pending: Any = session.pop(PENDING, None)
    try:
        claims, id_token = _verified_claims(settings, pending)
        facts = read_facts(settings, claims)
        db = get_session()
        with write_step(db):
            now = utcnow()
            outcome = provision(db, settings, facts, now)
            log_in(outcome.person, remember=False)
            audit(
                db,
                outcome.person,
                "sso.login",
                outcome.person.email,
                outcome.how,
                details={"subject": facts.subject, "changed": outcome.changes},
                now=now,
            )
    except SsoError as error:
        return _failed(settings, error)
    session[ID_TOKEN] = id_token if len(id_token) <= MAX_HINT else ""
    landing = landing_endpoint(outcome.person.roles)
    return redirect(safe_next(pending.get("next"), landing))


def _verified_claims(
    settings: OidcSettings, pending: Any
) -> tuple[dict[str, Any], str]:
    if not isinstance(pending, dict):
        raise SsoError("no_pending_login", "no login was started in this browser")
    state = request.args.get("state", "")
    if not secrets.compare_digest(state.encode(), str(pending.get("state")).encode()):
        raise SsoError("wrong_state", "the state does not match this browser's login")
    if request.args.get("error"):
        raise SsoError(
            "provider_error",
            f"{request.args['error']}: {request.args.get('error_description', '')}",
        )
    code = request.args.get("code", "")
    if not code:
        raise SsoError("provider_error", "no code in the answer")
    token = client.exchange(settings, _redirect_uri(), code, str(pending["verifier"]))
    claims = client.id_token_claims(settings, token, str(pending["nonce"]))
    return claims, str(token["id_token"])


def _failed(settings: OidcSettings, error: SsoError) -> tuple[str, int]:
    """The refusal page, and its audit entry (nothing else is kept)."""
    db = get_session()
    db.rollback()
    with write_step(db):
        audit(
            db,
            None,
            "sso.failed",
            settings.issuer,
            error.reason,
            details={"detail": error.detail[:500]},
        )
    keep_changes_on_error()
    status = 503 if error.reason == "provider_unreachable" else 400
    page = render_template(
        "sso/failed.html", message=failure_message(error.reason, settings.label)
    )
    return page, status


def _provider_logout(_sender: object) -> str | None:
    """The provider's end-session URL for a browser that logged in with it."""
    settings = sso_settings()
    id_token = session.get(ID_TOKEN)
    if settings is None or not isinstance(id_token, str):
        return None
    return client.end_session_url(
        settings,
        id_token_hint=id_token,
        post_logout_redirect_uri=(
            f"{current_app.config['LMS_BASE_URL']}{url_for('auth.login')}"
        ),
    )


def init_app(app: Flask) -> None:
    """Read the settings (a wrong one stops the start), add the routes."""
    settings = read_settings(app.config)
    app.extensions[EXTENSION] = settings
    if settings is not None:
        app.config["LMS_OIDC_LABEL"] = settings.label  # the login page's button
    app.register_blueprint(bp)
    logging_out.connect(_provider_logout)  # once: a module function
