"""Response headers that close common browser-side holes."""

from __future__ import annotations

from flask import Flask, current_app
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Course files (images, SVG, PDF ...) are opened as documents too: a file there
# may style itself, but never run script, load anything or act as this site.
ASSET_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

# No page records sound or video or asks where someone is.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"
# A year, the value browsers' preload lists ask for; every subdomain too.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if current_app.config["LMS_BASE_URL"].startswith("https://"):
        # Only a site served over https may pin browsers to https.
        headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if response.mimetype == "text/html":
        # Pages carry personal data: never keep them in shared caches.
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
