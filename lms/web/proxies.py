"""Trust X-Forwarded-For and X-Forwarded-Proto from the configured proxies only.

``LMS_TRUSTED_PROXIES`` is the number of reverse proxies in front of the app.
With 0 (the default) the headers are ignored, since any client can send them;
with N, the address N hops back in X-Forwarded-For becomes the client's
address (which the rate limits count) and X-Forwarded-Proto the scheme.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops: int = app.config["LMS_TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops
        )
