"""Every user-facing string has its German translation."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from sqlalchemy.exc import IntegrityError

from lms.db import get_session
from lms.extensions import login_manager
from lms.i18n import select_locale
from lms.models import Person

ROOT = Path(__file__).resolve().parents[1]


def test_every_extracted_string_is_translated_into_german(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--ignore-dirs",
            ".* __pycache__ tests bench tools migrations",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (ROOT / "lms/translations/de/LC_MESSAGES/messages.po").open("rb") as handle:
        german = {m.id: m.string for m in read_po(handle, locale="de") if m.id}
    missing = sorted(str(i) for i in wanted if not german.get(i))
    assert missing == []


def test_a_failed_session_falls_back_to_the_visitors_language(
    app: Flask, make_person: Callable[..., Person]
) -> None:
    """The person cannot be read once the request's flush failed: the browser's
    language is used instead of an error (which would break the error page)."""
    person_id = make_person(language="en").id
    with app.test_request_context(method="POST", headers={"Accept-Language": "de"}):
        session = get_session()
        person = session.get(Person, person_id)
        assert person is not None
        login_manager._update_request_context_with_user(person)
        person.email = None  # type: ignore[assignment]  # NOT NULL: the flush fails
        with pytest.raises(IntegrityError):
            session.flush()
        assert select_locale() == "de"
