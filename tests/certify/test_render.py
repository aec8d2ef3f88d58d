"""Certificate PDFs: text, QR code, PDF/A-3b, attachment, layout and confinement."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from lms.certify import pdfcheck
from lms.certify.codes import check_symbol
from lms.certify.pdfcheck import read_attachment
from lms.certify.render import (
    ATTACHMENT_NAME,
    CertificateData,
    CertificateRenderError,
    ConfinedFetcher,
    ResourceRefused,
    certificate_record,
    render_certificate,
)

CERTIFICATES = Path(__file__).resolve().parents[2] / "certificates"
CODE = "Q7K2-M9XD-4HPR-" + check_symbol("Q7K2M9XD4HPR")
URL = f"https://learn.example.com/verify/{CODE}"

DATA = CertificateData(
    holder_name="Jürgen Müller-Lüdenscheidt",
    course_title="Customer Service Essentials",
    completed_on=date(2026, 11, 22),
    score_percent=92.5,
    valid_until=date(2028, 11, 22),
    number="CSE-2026-000123",
    verification_code=CODE,
    verify_url=URL,
    content_version="3f9a1c2",
    language="en",
    issued_at=datetime(2026, 11, 22, 15, 5, tzinfo=timezone(timedelta(hours=1))),
)


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "certificate.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode().replace("\xa0", " ")


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return render_certificate(DATA, CERTIFICATES)


@pytest.fixture(scope="module")
def german_pdf() -> bytes:
    return render_certificate(replace(DATA, language="de"), CERTIFICATES)


def test_english_text(english_pdf: bytes, tmp_path: Path) -> None:
    text = one_line(pdf_text(english_pdf, tmp_path))
    for value in [DATA.holder_name, DATA.course_title, DATA.number, CODE, URL]:
        assert value in text
    for value in ["Certificate of Completion", "has successfully completed"]:
        assert value in text
    for value in ["22 November 2026", "22 November 2028", "92.5%", "3f9a1c2"]:
        assert value in text
    for label in ["Verification code", "Certificate no.", "Content version"]:
        assert label.casefold() in text.casefold()


def test_german_text(german_pdf: bytes, tmp_path: Path) -> None:
    text = one_line(pdf_text(german_pdf, tmp_path))
    for value in [DATA.holder_name, DATA.course_title, DATA.number, CODE, URL]:
        assert value in text
    for value in ["Abschlusszertifikat", "Hiermit wird bestätigt, dass", "den Kurs"]:
        assert value in text
    for value in ["22. November 2026", "22. November 2028", "92,5 %"]:
        assert value in text
    for label in ["Prüfcode", "Zertifikatsnummer", "Gültig bis", "Inhaltsversion"]:
        assert label.casefold() in text.casefold()
    assert "Certificate" not in text


def test_no_score_and_no_expiry(tmp_path: Path) -> None:
    data = replace(DATA, score_percent=None, valid_until=None, language="de")
    text = one_line(pdf_text(render_certificate(data, CERTIFICATES), tmp_path))
    assert "Unbefristet" in text
    assert "ergebnis" not in text.casefold()


def test_qr_code_decodes_to_the_verify_url(english_pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "certificate.pdf").write_bytes(english_pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "certificate.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    # zbarimg complains on stderr when there is no D-Bus; only stdout matters.
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page-1.png")],
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode().splitlines() == [URL]


def test_declares_pdf_a_3b(english_pdf: bytes) -> None:
    root = PdfReader(BytesIO(english_pdf)).root_object
    metadata = root["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode()
    part = re.search(r'pdfaid:part(?:="|>)(\d)', xmp)
    conformance = re.search(r'pdfaid:conformance(?:="|>)([ABU])', xmp)
    assert part is not None
    assert part[1] == "3"
    assert conformance is not None
    assert conformance[1] == "B"
    assert "/OutputIntents" in root


def test_attachment_is_the_json_record(english_pdf: bytes) -> None:
    record = read_attachment(english_pdf)
    assert record == {
        "holder_name": "Jürgen Müller-Lüdenscheidt",
        "course_title": "Customer Service Essentials",
        "completed_on": "2026-11-22",
        "score_percent": 92.5,
        "valid_until": "2028-11-22",
        "number": "CSE-2026-000123",
        "verification_code": CODE,
        "verify_url": URL,
        "content_version": "3f9a1c2",
        "language": "en",
        "issued_at": "2026-11-22T15:05:00+01:00",
        "path_title": None,  # a course without learning paths
        "time_zone": "UTC",  # the zone of the printed days (LMS_TIMEZONE)
        "modules": [],
        "estimated_minutes": None,
        "issuer": {
            "name": "",
            "url": "",
            "address": "",
            "signatory": {"name": "", "title": ""},
        },
    }
    assert record == certificate_record(DATA)
    assert ATTACHMENT_NAME == pdfcheck.ATTACHMENT_NAME == "certificate.json"


def test_attachment_is_declared_as_associated_data(english_pdf: bytes) -> None:
    root = PdfReader(BytesIO(english_pdf)).root_object
    associated = root["/AF"]
    assert isinstance(associated, ArrayObject)
    # WeasyPrint 70 lists the one file specification twice in /AF.
    (filespec,) = {ref.idnum: ref.get_object() for ref in associated}.values()
    assert isinstance(filespec, DictionaryObject)
    assert str(filespec["/UF"]) == ATTACHMENT_NAME
    assert str(filespec["/AFRelationship"]) == "/Data"
    assert "JSON" in str(filespec["/Desc"])
    embedded = filespec["/EF"].get_object()
    assert isinstance(embedded, DictionaryObject)
    stream = embedded["/F"].get_object()
    assert isinstance(stream, StreamObject)
    assert str(stream["/Subtype"]) == "/application/json"


def test_one_landscape_a4_page(english_pdf: bytes, german_pdf: bytes) -> None:
    for pdf in (english_pdf, german_pdf):
        (page,) = PdfReader(BytesIO(pdf)).pages
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height
        assert (round(width), round(height)) == (842, 595)


def test_very_long_name_and_title_stay_on_one_page() -> None:
    data = replace(
        DATA,
        holder_name="Maximiliane Alexandra Theodora von Hohenzollern-Sigmaringen " * 2,
        course_title="Occupational Health, Safety and Environmental Management " * 4,
    )
    assert len(PdfReader(BytesIO(render_certificate(data, CERTIFICATES))).pages) == 1


def test_only_the_shipped_fonts_are_embedded(
    english_pdf: bytes, tmp_path: Path
) -> None:
    (tmp_path / "certificate.pdf").write_bytes(english_pdf)
    result = subprocess.run(
        ["pdffonts", str(tmp_path / "certificate.pdf")],
        capture_output=True,
        check=True,
    )
    rows = [line.split() for line in result.stdout.decode().splitlines()[2:]]
    assert len(rows) == 2
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+Certificate-Sans(-Bold)?", row[0])
        assert row[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, ToUnicode


def test_html_in_a_name_is_printed_as_text(tmp_path: Path) -> None:
    name = "<img src=file:///etc/passwd> & <b>Bobby</b>"
    title = "<script>alert(1)</script> Safety"
    pdf = render_certificate(
        replace(DATA, holder_name=name, course_title=title), CERTIFICATES
    )
    text = one_line(pdf_text(pdf, tmp_path))
    assert name in text
    assert title in text
    assert "root:" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x.png",
        "javascript:alert(1)",
        "fonts/DejaVuSans.ttf",
        "file:fonts/DejaVuSans.ttf",
        "{root}/fonts/DejaVuSans.ttf%00",
        "file://otherhost/fonts/DejaVuSans.ttf",
        "{root}/../README.md",
        "{root}/fonts/../../README.md",
        "{root}/%2e%2e/README.md",
        "{root}/fonts/",
        "{root}/fonts/missing.ttf",
    ],
)
def test_fetcher_refuses(url: str) -> None:
    fetcher = ConfinedFetcher(CERTIFICATES)
    with pytest.raises(ResourceRefused, match="refused"):
        fetcher.fetch(url.format(root=CERTIFICATES.as_uri()))


def test_fetcher_refuses_symlinks_and_sibling_folders(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates-evil").mkdir()
    (tmp_path / "templates-evil" / "x.css").write_text("p { color: red }")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "templates" / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = ConfinedFetcher(tmp_path / "templates")
    for path in ["templates/link.txt", "templates-evil/x.css"]:
        with pytest.raises(ResourceRefused, match="not a file inside"):
            fetcher.fetch((tmp_path / path).as_uri())


def test_fetcher_serves_folder_files_and_data_uris() -> None:
    fetcher = ConfinedFetcher(CERTIFICATES)
    font = CERTIFICATES / "fonts" / "DejaVuSans.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response.read() == font.read_bytes()
    response = fetcher.fetch(f"{CERTIFICATES.as_uri()}/fonts/./DejaVuSans.ttf")
    assert response.read() == font.read_bytes()
    response = fetcher.fetch("data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E")
    assert response.read() == b"<svg/>"
    assert response.content_type == "image/svg+xml"


ATTEMPTS = [
    '<img src="file:///etc/passwd">',
    '<img src="http://example.com/x.png">',
    '<img src="../outside.png">',
    '<img src="/etc/passwd">',
    '<link rel="stylesheet" href="http://example.com/x.css">',
    '<link rel="stylesheet" href="../outside.css">',
    '<style>@import url("http://example.com/x.css");</style>',
    '<div style="background: url(../outside.png)">x</div>',
    "<style>@font-face { font-family: X; src: url(file:///etc/passwd) }"
    " p { font-family: X }</style>",
]


def make_templates(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(b"\x89PNG not really")
    (tmp_path / "outside.css").write_text("p { color: red }")
    (folder / "inside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "probe.css").write_text("")
    (folder / "probe.html").write_text(f"<p>{{{{ certificate.number }}}}</p>{body}")
    return folder


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_a_template_cannot_reach_outside_its_folder(
    attempt: str, tmp_path: Path
) -> None:
    folder = make_templates(tmp_path, attempt)
    with pytest.raises(CertificateRenderError, match="refused"):
        render_certificate(DATA, folder, "probe")


def test_a_template_may_use_files_in_its_folder(tmp_path: Path) -> None:
    folder = make_templates(tmp_path, '<img src="inside.svg">')
    pdf = render_certificate(DATA, folder, "probe")
    assert DATA.number in pdf_text(pdf, tmp_path)


def test_changed_css_is_picked_up(tmp_path: Path) -> None:
    folder = tmp_path / "certificates"
    shutil.copytree(CERTIFICATES, folder)
    assert "Revised" not in pdf_text(render_certificate(DATA, folder), tmp_path)
    css = folder / "default.css"
    css.write_text(css.read_text() + '\n.title::after { content: " (Revised)" }\n')
    later = css.stat().st_mtime_ns + 2_000_000_000
    os.utime(css, ns=(later, later))
    assert "Revised" in pdf_text(render_certificate(DATA, folder), tmp_path)


@pytest.mark.parametrize("name", ["../default", "default.html", "", "Default", "a/b"])
def test_template_names_are_plain(name: str) -> None:
    with pytest.raises(ValueError, match="template name"):
        render_certificate(DATA, CERTIFICATES, name)


@pytest.mark.parametrize(
    "changes",
    [
        {"holder_name": "  "},
        {"course_title": ""},
        {"language": "fr"},
        {"issued_at": datetime(2026, 11, 22, 15, 5)},  # noqa: DTZ001 (naive on purpose)
        {"score_percent": 100.5},
        {"score_percent": -1.0},
        {"verification_code": CODE.lower()},
        {"verify_url": "javascript:alert(1)"},
    ],
)
def test_certificate_data_is_validated(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"."):
        replace(DATA, **changes)  # type: ignore[arg-type]


def test_issued_at_is_kept_with_its_offset() -> None:
    record = certificate_record(
        replace(DATA, issued_at=datetime(2026, 1, 2, tzinfo=UTC))
    )
    assert record["issued_at"] == "2026-01-02T00:00:00+00:00"
