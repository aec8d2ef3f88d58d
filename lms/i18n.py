"""Choosing the interface language: the person's, the visitor's, the browser's."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from lms.config import SUPPORTED_LANGUAGES

LANGUAGE_COOKIE = "lms_lang"
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}


def select_locale() -> str:
    if not has_request_context():  # commands speak the default language
        return "en"
    if current_user.is_authenticated:
        language: str = current_user.language
        return language
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    return request.accept_languages.best_match(SUPPORTED_LANGUAGES) or "en"
