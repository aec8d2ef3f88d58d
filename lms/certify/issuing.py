"""The issuer bound to this application's settings."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from lms.certify.services import Issuer


def issuer(app: Flask | None = None) -> Issuer:
    """What issuing needs from the configuration of this application."""
    config = (app or current_app).config
    return Issuer(
        base_url=config["LMS_BASE_URL"],
        template_dir=Path(config["LMS_CERTIFICATE_DIR"]),
        # LMS_TIMEZONE, copied here by load_config; the default zone otherwise.
        time_zone=config["BABEL_DEFAULT_TIMEZONE"],
    )
