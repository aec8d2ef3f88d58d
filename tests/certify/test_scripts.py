"""Names in every script print with real glyphs on certificates and transcripts.

Each name is rendered, read back with pdftotext, and every glyph drawn is
looked up in its embedded font (tests/certify/glyphs.py explains why the
text alone cannot show an empty box).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest

from lms.certify.render import render_certificate
from lms.hr.reports.transcript import transcript_pdf
from tests.certify.glyphs import drawn_glyphs, notdef_glyphs
from tests.certify.test_render import CERTIFICATES, DATA

NAMES = {
    "latin": "Zoë Ñúñez-Łukasiewicz",
    "greek": "Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Пётр Ильич Чайковский",
    "arabic": "محمد عبد الله",
    "hebrew": "דוד בן גוריון",
    "chinese": "李小龙",
    "japanese": "山田 花子",
    "korean": "김민준",
    "devanagari": "अमिताभ बच्चन",
}


# pdftotext wraps right-to-left runs in embedding marks and may split a
# Devanagari word where a vowel sign sits before its consonant: compare the
# letters without spaces and marks, in reading order.
_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u200e\u200f \n"))


def letters(text: str) -> str:
    return text.translate(_MARKS)


def read_back(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def embedded_fonts(pdf: bytes, folder: Path) -> list[list[str]]:
    path = folder / "scripts.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    )
    return [line.split() for line in result.stdout.splitlines()[2:]]


@pytest.mark.parametrize("script", sorted(NAMES))
def test_certificate_prints_the_name_with_real_glyphs(
    script: str, tmp_path: Path
) -> None:
    name = NAMES[script]
    pdf = render_certificate(replace(DATA, holder_name=name), CERTIFICATES)
    assert letters(name) in letters(read_back(pdf))
    assert notdef_glyphs(pdf) == []
    fonts = embedded_fonts(pdf, tmp_path)
    assert fonts
    for row in fonts:  # name, type, encoding, emb, sub, uni, object, id
        assert row[-5:-2] == ["yes", "yes", "yes"], row


def test_cjk_and_devanagari_come_from_the_noto_fonts() -> None:
    for name, family in [
        ("李小龙", "Noto-Sans-CJK-SC"),
        ("अमिताभ", "Noto-Sans-Devanagari"),
    ]:
        pdf = render_certificate(replace(DATA, holder_name=name), CERTIFICATES)
        assert any(family in font for font in drawn_glyphs(pdf)), drawn_glyphs(pdf)


def test_transcript_prints_every_script() -> None:
    rows = "".join(f"<p>{escape(name)}</p>" for name in NAMES.values())
    pdf = transcript_pdf(f"<html><body>{rows}</body></html>", CERTIFICATES)
    text = letters(read_back(pdf))
    for name in NAMES.values():
        assert letters(name) in text, (name, text)
    assert notdef_glyphs(pdf) == []


PROBE = """
import sys
from dataclasses import replace
from tests.certify.test_render import CERTIFICATES, DATA
from lms.certify.render import render_certificate
sys.stdout.buffer.write(
    render_certificate(replace(DATA, holder_name="李小龙 (Bruce Lee)"), CERTIFICATES)
)
"""


def test_the_glyph_check_catches_empty_boxes(tmp_path: Path) -> None:
    # With only DejaVu visible to fontconfig (the state before the Noto fonts),
    # the CJK name has no glyphs: the check must see the .notdef boxes.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        "<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        check=True,
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
        cwd=Path(__file__).resolve().parents[2],
    )
    pdf = result.stdout
    assert "Bruce Lee" in read_back(pdf)
    boxes = notdef_glyphs(pdf)
    assert len(boxes) == 3  # 李 小 龙
