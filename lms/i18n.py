"""Choosing the interface language: the person's, the visitor's, the browser's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from flask import has_request_context, request
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
