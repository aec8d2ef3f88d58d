"""Old addresses of pages that moved to another feature: a permanent redirect."""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response


def moved_to(endpoint: str, **values: Any) -> Response:
    """301 for a GET (308 for a POST, keeping method and form) to the new URL.

    The query string travels along, so bookmarked filters keep working.
    """
    url = url_for(endpoint, **values)
    if request.query_string:
        url = f"{url}?{request.query_string.decode('latin-1')}"
    return redirect(url, 301 if request.method in ("GET", "HEAD") else 308)
