"""Choosing the interface language: the person's, the visitor's, the browser's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flask import Flask, g, has_app_context, has_request_context, request
from flask_babel import get_translations
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from lms.config import SUPPORTED_LANGUAGES

LANGUAGE_COOKIE = "lms_lang"
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
T = TypeVar("T")


def in_language(texts: Mapping[str, T], language: str | None, own: str) -> T:
    """From texts by language, the one in ``language``, else the one in ``own``
    (the course's language). The rule for titles (lms.content.titles), and for
    whole texts too."""
    if language is not None and texts.get(language):
        return texts[language]
    return texts[own]


def select_locale() -> str:
    if not has_request_context():  # commands speak the default language
        return "en"
    try:
        if current_user.is_authenticated:
            language: str = current_user.language
            return language
    except SQLAlchemyError:
        # The request's database session failed and the person cannot be read:
        # its error page still speaks the visitor's language.
        pass
    return visitor_locale()


def visitor_locale() -> str:
    """The language chosen with the switch (a cookie), else the browser's."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    return request.accept_languages.best_match(SUPPORTED_LANGUAGES) or "en"


def _translations() -> Any:
    """Flask-Babel's translations of this request, found with one look at ``g``.

    Flask-Babel walks ``g`` three times and formats the locale for each string;
    a lesson page translates over a hundred. The translations are kept beside
    the locale they belong to, so ``refresh()`` and ``force_locale()`` (which
    replace the locale object) are still obeyed."""
    if not has_app_context():
        return get_translations()
    ctx = g.get("_flask_babel")
    if ctx is not None:
        kept = getattr(ctx, "lms_translations", None)
        locale = getattr(ctx, "babel_locale", None)
        if kept is not None and locale is not None and kept[0] is locale:
            return kept[1]
    translations = get_translations()
    ctx = g.get("_flask_babel")
    if ctx is not None:
        ctx.lms_translations = (getattr(ctx, "babel_locale", None), translations)
    return translations


def init_fast_gettext(app: Flask) -> None:
    """Templates translate through ``_translations`` (after Babel's init_app)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
