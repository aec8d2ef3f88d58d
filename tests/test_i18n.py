"""Every user-facing string has its German translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

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
