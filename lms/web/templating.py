"""Template globals: navigation, the language switch form."""

from __future__ import annotations

from typing import Any

from flask import Flask, get_template_attribute, request
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_login import current_user
from markupsafe import Markup

from lms.caches import cached
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


def cached_macro(template: str, name: str, *args: Any) -> Markup:
    """The macro ``name`` of ``template`` called with ``args``, rendered once
    per language and arguments. For macros whose output depends only on their
    arguments (frozen values, e.g. the course player's outline beside a lesson,
    which costs more to render than the rest of the page)."""

    def render() -> Markup:
        # An .html template's macro returns Markup (autoescaped) already.
        rendered: Markup = get_template_attribute(template, name)(*args)
        return rendered

    key = (template, name, str(get_locale() or "en"), *args)
    try:
        hash(key)
    except TypeError:  # an argument that is not a frozen value
        return render()
    return cached("rendered_macros", 2048, key, render)


def init_templating(app: Flask) -> None:
    app.context_processor(_template_context)
    app.jinja_env.globals.update(
        format_datetime=format_datetime,
        format_date=format_date,
        format_time=format_time,
        cached_macro=cached_macro,
    )
    init_formatting(app)
    init_covers(app)
