"""/api/v1: certificates and completions for HR systems, with per-client tokens.

The endpoints are public to the login guard and check their Bearer token
themselves; they only read (GET), so CSRF does not apply. See docs/api.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for

from lms.api import services, tokens
from lms.auth.access import public
from lms.db import get_session, utcnow
from lms.errors import ValidationError
from lms.web.formatting import local_today

bp = Blueprint("api", __name__, url_prefix="/api/v1")

F = TypeVar("F", bound=Callable[..., Any])
REALM = 'Bearer realm="lms"'


def _error(status: int, error: str, message: str, challenge: str = "") -> Response:
    response = jsonify({"error": error, "message": message})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = challenge or REALM
    return response


def token_required(view: F) -> F:
    """Answer 401 unless the request carries a live token; note its use."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return _error(
                401, "unauthorized", "Send the header Authorization: Bearer <token>."
            )
        session = get_session()
        token = tokens.authenticate(session, header)
        if token is None:
            return _error(
                401,
                "invalid_token",
                "The token is unknown or revoked.",
                f'{REALM}, error="invalid_token"',
            )
        tokens.touch(session, token, utcnow())
        g.api_token = token
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _page_response(page: services.Page) -> Response:
    following = None
    if page.has_next:
        args = request.args.to_dict()
        args["page"] = str(page.page + 1)
        args["per_page"] = str(page.per_page)
        path = url_for(request.endpoint or "api.certificates")
        following = f"{current_app.config['LMS_BASE_URL']}{path}?{urlencode(args)}"
    response = jsonify(
        {
            "items": page.items,
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "next": following,
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _listing(
    statuses: tuple[str, ...],
    issued_since: bool,
    lister: Callable[..., services.Page],
) -> Response:
    session = get_session()
    try:
        query = services.parse_query(
            session, request.args.to_dict(), statuses, issued_since=issued_since
        )
    except ValidationError as exc:
        return _error(400, "invalid_parameter", str(exc))
    page = lister(session, query, local_today(), current_app.config["LMS_BASE_URL"])
    return _page_response(page)


@bp.route("/certificates")
@public
@token_required
def certificates() -> Response:
    return _listing(services.CERTIFICATE_STATUSES, True, services.list_certificates)


@bp.route("/completions")
@public
@token_required
def completions() -> Response:
    return _listing(services.COMPLETION_STATUSES, True, services.list_completions)
