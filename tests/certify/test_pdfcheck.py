"""PDF checks: the SHA-256 of stored bytes and the attached record of an upload."""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from lms.certify.codes import new_verification_code
from lms.certify.pdfcheck import (
    ATTACHMENT_NAME,
    MAX_RECORD_BYTES,
    CertificatePdfError,
    pdf_sha256,
    read_attachment,
)
from lms.certify.render import CertificateData, render_certificate

CERTIFICATES = Path(__file__).resolve().parents[2] / "certificates"


@functools.cache
def certificate() -> tuple[CertificateData, bytes]:
    code = new_verification_code()
    data = CertificateData(
        holder_name="Ada Lovelace",
        course_title="Data Protection Basics",
        completed_on=date(2026, 3, 1),
        score_percent=None,
        valid_until=None,
        number="DPB-2026-000001",
        verification_code=code,
        verify_url=f"https://learn.example.com/verify/{code}",
        content_version="a1b2c3d",
        language="de",
        issued_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    return data, render_certificate(data, CERTIFICATES)


def pdf_with_attachment(name: str | None, payload: bytes = b"") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    if name is not None:
        writer.add_attachment(name, payload)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def test_pdf_sha256() -> None:
    assert pdf_sha256(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    _, pdf = certificate()
    assert pdf_sha256(pdf) == hashlib.sha256(pdf).hexdigest()


def test_two_renders_differ_so_the_stored_bytes_are_what_is_hashed() -> None:
    data, pdf = certificate()
    again = render_certificate(data, CERTIFICATES)
    assert read_attachment(again) == read_attachment(pdf)


def test_reads_the_record_of_a_rendered_certificate() -> None:
    data, pdf = certificate()
    record = read_attachment(pdf)
    assert record["verification_code"] == data.verification_code
    assert record["number"] == "DPB-2026-000001"
    assert record["issued_at"] == "2026-03-01T09:30:00+00:00"
    assert record["score_percent"] is None
    assert record["valid_until"] is None
    fields = {
        name
        for name in CertificateData.__dataclass_fields__
        if not name.startswith(("issuer_", "signatory_"))
    }
    assert set(record) == fields | {"issuer"}


def test_reads_a_record_under_another_name() -> None:
    pdf = pdf_with_attachment("other.json", b'{"a": 1}')
    assert read_attachment(pdf, "other.json") == {"a": 1}


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (b"", "not a readable PDF"),
        (b"hello, world", "not a readable PDF"),
        (b"%PDF-1.7\n%%EOF\n", "not a readable PDF"),
        (pdf_with_attachment(None), "no attachment"),
        (pdf_with_attachment("other.json", b"{}"), "no attachment"),
        (pdf_with_attachment(ATTACHMENT_NAME, b"not json"), "not JSON"),
        (pdf_with_attachment(ATTACHMENT_NAME, b"\xff\xfe"), "not JSON"),
        (pdf_with_attachment(ATTACHMENT_NAME, b"[1, 2]"), "not a JSON object"),
        (
            pdf_with_attachment(ATTACHMENT_NAME, b" " * (MAX_RECORD_BYTES + 1)),
            "too large",
        ),
    ],
)
def test_rejects_what_is_not_a_certificate(pdf: bytes, message: str) -> None:
    with pytest.raises(CertificatePdfError, match=message):
        read_attachment(pdf)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_uploads_give_a_record_or_our_error(data: st.DataObject) -> None:
    _, pdf = certificate()
    damaged = bytearray(pdf)
    for _ in range(data.draw(st.integers(min_value=1, max_value=20))):
        position = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
        damaged[position] = data.draw(st.integers(min_value=0, max_value=255))
    cut = data.draw(st.integers(min_value=0, max_value=len(damaged)))
    try:
        record = read_attachment(bytes(damaged[:cut]))
    except CertificatePdfError:
        return
    assert isinstance(record, dict)


@given(st.binary(max_size=2000))
def test_random_bytes_give_our_error(pdf: bytes) -> None:
    with pytest.raises(CertificatePdfError):
        read_attachment(pdf)
