"""Access rules: every endpoint needs a login unless marked public; roles per view.

The guard runs before every request, so a view that forgets its decorator is
closed, not open.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

F = TypeVar("F", bound=Callable[..., Any])

# Endpoints a person who must change their password may still reach.
_PASSWORD_CHANGE_ALLOWED = {
    "auth.change_password",
    "auth.logout",
    "auth.end_all_sessions",
    "static",
}


def public(view: F) -> F:
    """Mark a view as reachable without logging in."""
    view._lms_public = True  # type: ignore[attr-defined]
    return view


def require_roles(*roles: str) -> Callable[[F], F]:
    """Allow the view to people holding any of ``roles`` (any login if none)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped._lms_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def _guard() -> Response | None:
    endpoint = request.endpoint
    if endpoint is None:  # 404 and 405 are answered by Flask itself
        return None
    view = current_app.view_functions.get(endpoint)
    if endpoint == "static" or getattr(view, "_lms_public", False):
        return None
    if not current_user.is_authenticated:
        response: Response = current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        return response
    if current_user.must_change_password and endpoint not in _PASSWORD_CHANGE_ALLOWED:
        return redirect(url_for("auth.change_password"))
    return None


def init_app(app: Flask) -> None:
    app.before_request(_guard)
