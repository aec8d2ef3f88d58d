"""The site's error pages: 400/403/404/429/500 in its style, JSON for the API."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.db import discard_session
from lms.extensions import login_manager


def register_error_handlers(app: Flask) -> None:
    """Render 400/403/404/429/500 in the site's style (JSON for the API)."""

    def wants_json() -> bool:
        return request.path.startswith("/api/") or request.path == "/healthz"

    def render(
        status: int, title: str, message: str, headers: Sequence[tuple[str, str]] = ()
    ) -> ResponseReturnValue:
        if wants_json():
            return {"error": title, "message": message}, status, list(headers)
        page = render_template(
            "errors/error.html", status=status, title=title, message=message
        )
        return page, status, list(headers)

    @app.errorhandler(CSRFError)
    def csrf_error(_exc: CSRFError) -> ResponseReturnValue:
        return render(
            400,
            _("The form has expired"),
            _("Please go back, reload the page and send the form again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        messages = {
            400: (_("Bad request"), _("The request could not be understood.")),
            403: (
                _("Not allowed"),
                _("Your account does not have access to this page."),
            ),
            404: (
                _("Page not found"),
                _("There is no page at this address. Check the link or go home."),
            ),
            405: (_("Not allowed"), _("This address does not accept that request.")),
            413: (_("File too large"), _("The upload is larger than allowed.")),
            429: (
                _("Too many attempts"),
                _("Please wait a few minutes before you try again."),
            ),
        }
        if status not in messages:
            return exc
        title, message = messages[status]
        # A 429 says when to come back (werkzeug's TooManyRequests(retry_after=)).
        kept = [(k, v) for k, v in exc.get_headers() if k == "Retry-After"]
        return render(status, title, message, kept)

    @app.errorhandler(500)
    def server_error(_exc: Exception) -> ResponseReturnValue:
        # Whatever failed (often the database: a lock, a failed flush), this page
        # must not need the database: drop the request's session and show the
        # page as to a visitor, in the language of the cookie or the browser.
        discard_session()
        login_manager._update_request_context_with_user()  # current_user: anonymous
        return render(
            500,
            _("Something went wrong"),
            _("The error has been logged. Please try again in a moment."),
        )
