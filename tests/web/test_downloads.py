"""Download names: ASCII for old clients, the real name in UTF-8 for browsers."""

from __future__ import annotations

from email.message import Message
from email.utils import collapse_rfc2231_value

import pytest
from werkzeug.http import parse_options_header

from lms.web.downloads import content_disposition


def parsed(header: str) -> tuple[str, str, str]:
    """(disposition, the name a browser saves under, the ASCII fallback)."""
    disposition, options = parse_options_header(header)
    message = Message()
    message["Content-Disposition"] = header
    params = message.get_params(header="content-disposition") or []
    plain = [value for key, value in params if key == "filename"]
    # The standard library reads `filename` and the RFC 2231 `filename*` apart.
    assert len(plain) == 2
    ascii_name, encoded = plain
    assert isinstance(ascii_name, str)
    assert isinstance(encoded, tuple)
    assert encoded[0] == "UTF-8"
    # werkzeug, like browsers (RFC 6266), prefers `filename*`: both agree.
    assert collapse_rfc2231_value(encoded) == options["filename"]
    return disposition, options["filename"], ascii_name


@pytest.mark.parametrize(
    ("filename", "saved", "ascii_name"),
    [
        ("matrix-2026-03-01.csv", "matrix-2026-03-01.csv", "matrix-2026-03-01.csv"),
        (
            "CSE-2026-000001_Jürgen Groß.pdf",
            "CSE-2026-000001_Jürgen-Groß.pdf",
            "CSE-2026-000001_Juergen-Gross.pdf",
        ),
        (
            "CSE-2026-000001_王芳.pdf",
            "CSE-2026-000001_王芳.pdf",
            "CSE-2026-000001_x.pdf",
        ),
        (
            "transcript_Zoë O'Brien_2026-03-01.pdf",
            "transcript_Zoë-O-Brien_2026-03-01.pdf",
            "transcript_Zoe-O-Brien_2026-03-01.pdf",
        ),
    ],
)
def test_real_name_and_ascii_fallback(
    filename: str, saved: str, ascii_name: str
) -> None:
    assert parsed(content_disposition(filename, "x")) == (
        "attachment",
        saved,
        ascii_name,
    )


@pytest.mark.parametrize(
    "evil",
    [
        '=HYPERLINK("x"); filename="x.exe <b>Ev</b> Ünï 名',
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "Eve\r\nSet-Cookie: a=b",
        "Eve\u202egnp.exe",  # right-to-left override: shows as "exe.png"
        "Eve\x00.exe",
        "x.exe",
    ],
)
def test_no_quote_line_break_slash_or_extension_gets_through(evil: str) -> None:
    header = content_disposition(f"CSE-2026-000001_{evil}.pdf")
    assert header.isascii()
    assert header.count('"') == 2
    assert not any(char in header for char in "\r\n\x00\\/")
    for name in parsed(header)[1:]:
        assert name.startswith("CSE-2026-000001_")
        assert name.endswith(".pdf")
        assert name.count(".") == 1
        assert not any(c in name for c in "\"'/\\<>;=\r\n\x00\u202e ")


def test_a_name_without_anything_printable_gets_the_fallback() -> None:
    header = content_disposition("CSE-1_ .!?.pdf", "certificate")
    assert parsed(header)[1:] == ("CSE-1_certificate.pdf", "CSE-1_certificate.pdf")
