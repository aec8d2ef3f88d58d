"""Login, logout, passwords and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.auth import services, sessions
from lms.auth.access import public, require_roles
from lms.auth.forms import ChangePasswordForm, LanguageForm, LoginForm, SetPasswordForm
from lms.auth.landing import landing_endpoint, safe_next
from lms.auth.login import log_in, log_out, now
from lms.auth.services import WRONG_LOGIN
from lms.auth.throttle import throttle_login
from lms.db import get_session, utcnow
from lms.errors import NotFound, ValidationError
from lms.events import logging_out
from lms.i18n import LANGUAGE_COOKIE
from lms.web.ratelimit import rate_limit

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
@throttle_login
def login() -> Response | str:
    return _login(local=False)


@bp.route("/login/local", methods=["GET", "POST"])
@public
@throttle_login
def local_login() -> Response | str:
    """The password form when single sign-on is the only way in (break glass)."""
    return _login(local=True)


def sso_only() -> bool:
    config = current_app.config
    return bool(config["LMS_SSO_ONLY"] and config["LMS_OIDC_ISSUER"])


def _login(*, local: bool) -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for(landing_endpoint(current_user.roles)))
    form = LoginForm()
    show_form = local or not sso_only()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if show_form and form.validate_on_submit():
        db = get_session()
        try:
            person = services.authenticate(
                db, form.email.data or "", form.password.data or "", utcnow()
            )
            if sso_only() and not _may_break_glass(person.email, person.roles):
                raise services.AuthenticationFailed(WRONG_LOGIN)
        except services.AuthenticationFailed as exc:
            form.password.errors.append(str(exc))
        else:
            log_in(person, remember=bool(form.remember.data))
            if person.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(form.next.data, landing_endpoint(person.roles)))
    return render_template(
        "auth/login.html", form=form, show_form=show_form, local=local
    )


def _may_break_glass(email: str, roles: frozenset[str]) -> bool:
    """With single sign-on only, administrators and the configured address."""
    configured = current_app.config["LMS_SSO_BREAK_GLASS_EMAIL"]
    if configured and email == services.find_canonical(configured):
        return True
    return "admin" in roles


@bp.route("/logout", methods=["POST"])
@require_roles()
def logout() -> Response:
    # Single sign-on answers with the provider's logout page, if it has one.
    provider_logout = next(
        (
            url
            for _receiver, url in logging_out.send(current_app._get_current_object())  # type: ignore[attr-defined]
            if url
        ),
        None,
    )
    log_out()
    flash(_("You are logged out."), "info")
    return redirect(provider_logout or url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@require_roles()
def change_password() -> Response | str:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        db = get_session()
        person = current_user._get_current_object()
        try:
            services.change_password(
                db, person, form.current_password.data or "", form.password.data or ""
            )
        except ValidationError as exc:
            _field_error(form, exc)
        else:
            # Every session ended with the old password; this browser goes on
            # in a new one, as it was (kept logged in or not).
            remember = sessions.is_remembered(db, current_user.get_id())
            log_in(person, remember=remember)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for(landing_endpoint(person.roles)))
    return render_template(
        "auth/change_password.html",
        form=form,
        open_sessions=sessions.open_sessions(
            get_session(), current_user._get_current_object(), now()
        ),
        this_session=sessions.hash_key(current_user.get_id()),
    )


@bp.route("/account/sessions/end", methods=["POST"])
@require_roles()
def end_all_sessions() -> Response:
    """Log out everywhere: every session of this person ends, this one too."""
    sessions.end_all_sessions(get_session(), current_user._get_current_object(), now())
    log_out()
    flash(_("You are logged out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
@rate_limit("LMS_LOGIN_LIMIT", "set-password", methods=["POST"])
def set_password(token: str) -> Response | str:
    db = get_session()
    try:
        row = services.find_password_token(db, token, utcnow())
    except NotFound as exc:
        return render_template("auth/token_invalid.html", message=str(exc)), 404  # type: ignore[return-value]
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.redeem_password_token(
                db, token, form.password.data or "", utcnow()
            )
        except ValidationError as exc:
            _field_error(form, exc)
        else:
            flash(_("Your password is set. You can log in now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, person=row.person)


@bp.route("/language", methods=["POST"])
@public
def set_language() -> Response:
    form = LanguageForm()
    target = safe_next(form.next.data)
    response = redirect(target)
    if form.validate_on_submit():
        language = form.language.data
        if current_user.is_authenticated:
            current_user.language = language
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def _field_error(form: object, exc: ValidationError) -> None:
    field = getattr(form, exc.field or "", None) or getattr(form, "password")  # noqa: B009
    field.errors = [*field.errors, str(exc)]
