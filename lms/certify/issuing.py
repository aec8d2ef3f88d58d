"""The issuer bound to the app's settings, for the pages that complete a course."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from lms.certify.services import Issuer


def issuer() -> Issuer:
    return Issuer(
        base_url=current_app.config["LMS_BASE_URL"],
        template_dir=Path(current_app.config["LMS_CERTIFICATE_DIR"]),
    )
