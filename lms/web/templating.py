"""Template globals: navigation, the language switch form."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_login import current_user

from lms.i18n import LANGUAGE_NAMES
from lms.web.covers import init_covers
from lms.web.formatting import init_formatting


def _template_context() -> dict[str, Any]:
    # Plain values, no form objects: this runs for every page, and building
    # WTForms forms here cost more than the rest of a content page.
    return {
        "return_to": request.full_path.rstrip("?") if request else "/",
        "language_names": LANGUAGE_NAMES,
        "current_language": str(get_locale() or "en"),
        "is_manager": current_user.is_authenticated
        and current_user.has_role("admin", "hr"),
        "is_author": current_user.is_authenticated
        and current_user.has_role("author", "admin"),
    }


def init_templating(app: Flask) -> None:
    app.context_processor(_template_context)
    app.jinja_env.globals.update(
        format_datetime=format_datetime,
        format_date=format_date,
        format_time=format_time,
    )
    init_formatting(app)
    init_covers(app)
