"""The app under benchmark: the real application plus the bare baseline route."""

from __future__ import annotations

from flask import Flask

from lms import create_app as create_lms_app
from lms.auth.access import public


@public
def bare() -> str:
    return "ok"


def create_app() -> Flask:
    app = create_lms_app()
    # The baseline: the same app, server and settings, doing no work of its own.
    app.add_url_rule("/bench/bare", "bench_bare", bare)
    return app
