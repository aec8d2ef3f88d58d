"""PAdES signatures on certificates: read by pdfsig and pyHanko, tamper-evident."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from lms.certify.pdfcheck import read_attachment
from lms.certify.render import render_certificate
from lms.certify.signing.keys import (
    SIGNING_FILE,
    SigningIdentity,
    identity_from_config,
    read_or_create_identity,
    self_signed_identity,
)
from lms.certify.signing.pades import FIELD_NAME, pdf_signer
from lms.errors import ConfigError
from tests.certify.test_render import CERTIFICATES, DATA

ISSUER = "Northwind Trading AG"


@pytest.fixture(scope="module")
def identity() -> SigningIdentity:
    return self_signed_identity(ISSUER)


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return render_certificate(DATA, CERTIFICATES)


@pytest.fixture(scope="module")
def signed(identity: SigningIdentity, unsigned: bytes) -> bytes:
    return pdf_signer(identity, ISSUER, "Hamburg").sign(unsigned, DATA.number)


def pdfsig(pdf: bytes, folder: Path) -> str:
    path = folder / "signed.pdf"
    path.write_bytes(pdf)
    # pdfsig exits 0 for a valid signature and non-zero otherwise; read the text.
    result = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True
    )
    return result.stdout + result.stderr


def pyhanko_status(pdf: bytes, identity: SigningIdentity) -> PdfSignatureStatus:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    (signature,) = reader.embedded_signatures
    root = asn1_x509.Certificate.load(identity.certificate.public_bytes(Encoding.DER))
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))


def test_pdfsig_reads_a_valid_signature_over_the_whole_file(
    signed: bytes, tmp_path: Path
) -> None:
    report = pdfsig(signed, tmp_path)
    assert f"Signature Field Name: {FIELD_NAME}" in report
    assert f"Signer Certificate Common Name: {ISSUER}" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES
    assert "Signing Hash Algorithm: SHA-256" in report
    assert "Total document signed" in report
    assert "Signature Validation: Signature is Valid." in report


def test_pyhanko_validates_it_as_an_intact_certifying_signature(
    signed: bytes, identity: SigningIdentity
) -> None:
    status = pyhanko_status(signed, identity)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.docmdp_ok
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == ISSUER


def test_a_flipped_byte_is_detected(
    signed: bytes, identity: SigningIdentity, tmp_path: Path
) -> None:
    # A byte of the holder's name in the embedded record? It is compressed; flip
    # one in the page's first text object instead, well inside the signed range.
    at = signed.index(b"/Producer") + 3
    forged = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1 :]
    report = pdfsig(forged, tmp_path)
    assert "Signature is Valid" not in report
    assert re.search(r"Digest Mismatch|Signature is Invalid", report)
    status = pyhanko_status(forged, identity)
    assert not status.intact
    assert not status.bottom_line


def test_an_appended_update_that_changes_the_text_is_detected(
    signed: bytes, identity: SigningIdentity, tmp_path: Path
) -> None:
    writer = IncrementalPdfFileWriter(BytesIO(signed), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    font = page["/Resources"]["/Font"]
    font_name = next(iter(font.keys()))
    text = f"BT {font_name} 30 Tf 60 60 Td (Mallory) Tj ET".encode()
    contents = generic.ArrayObject(
        [*page["/Contents"], writer.add_object(generic.StreamObject(stream_data=text))]
        if isinstance(page["/Contents"], generic.ArrayObject)
        else [
            page.raw_get("/Contents"),
            writer.add_object(generic.StreamObject(stream_data=text)),
        ]
    )
    page["/Contents"] = contents
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    forged = out.getvalue()
    assert forged.startswith(signed)  # the signed revision itself is untouched

    report = pdfsig(forged, tmp_path)
    assert "Total document signed" not in report
    assert "Not total document signed" in report
    status = pyhanko_status(forged, identity)
    assert status.intact  # the signed bytes are fine ...
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE
    assert not status.docmdp_ok  # ... the change is not
    assert not status.bottom_line


def test_the_signed_file_is_still_pdf_a_3b(signed: bytes, unsigned: bytes) -> None:
    # An incremental update: the rendered PDF/A file is kept byte for byte.
    assert signed.startswith(unsigned)
    assert signed.rstrip().endswith(b"%%EOF")
    reader = PdfReader(BytesIO(signed))
    root = reader.root_object
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(?:="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(?:="|>)B', xmp)
    assert "/OutputIntents" in root
    # Info and XMP agree (ISO 19005-3 6.6.2.3.1), also after pyHanko's update.
    info = reader.trailer["/Info"].get_object()
    assert f'pdf:Producer="{info["/Producer"]}"' in xmp
    modified = re.search(r'xmp:ModifyDate="([^"]+)"', xmp)
    assert modified is not None
    assert (
        re.sub(r"\D", "", info["/ModDate"])[:14] == re.sub(r"\D", "", modified[1])[:14]
    )
    assert str(info["/Title"]) in xmp
    # The first /ID entry stays the document's; the trailer keeps an /ID.
    assert reader.trailer["/ID"][0] == PdfReader(BytesIO(unsigned)).trailer["/ID"][0]
    # The signature widget: zero size (no appearance needed), printable, not hidden.
    widget = next(
        a.get_object()
        for a in reader.pages[0]["/Annots"]
        if a.get_object()["/Subtype"] == "/Widget"
    )
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]
    flags = int(widget["/F"])
    assert flags & 4  # Print
    assert not flags & (1 | 2 | 32)  # Invisible, Hidden, NoView
    # /Perms holds only DocMDP (6.1.12); no encryption.
    assert set(root["/Perms"].keys()) == {"/DocMDP"}
    assert "/Encrypt" not in reader.trailer
    # The record is still attached and readable.
    assert read_attachment(signed)["number"] == DATA.number


def test_signing_adds_little_time(identity: SigningIdentity, unsigned: bytes) -> None:
    signer = pdf_signer(identity, ISSUER)
    started = time.perf_counter()
    for _ in range(10):
        signer.sign(unsigned, DATA.number)
    per_file = (time.perf_counter() - started) / 10
    assert per_file < 0.25, f"{per_file * 1000:.0f} ms per signature"


def test_a_self_signed_identity_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = read_or_create_identity(tmp_path / "instance", ISSUER)
    again = read_or_create_identity(tmp_path / "instance", "Someone Else")
    assert again == first
    assert first.self_signed
    assert (tmp_path / "instance" / SIGNING_FILE).stat().st_mode & 0o077 == 0
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", first.fingerprint)
    assert f"CN={ISSUER}" in first.subject


def _write(folder: Path, identity: SigningIdentity) -> tuple[str, str]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    key.write_bytes(identity.key_pem)
    cert.write_bytes(identity.cert_pem)
    return str(key), str(cert)


def test_the_deployment_key_and_certificate_are_used(
    tmp_path: Path, identity: SigningIdentity
) -> None:
    key, cert = _write(tmp_path, identity)
    found = identity_from_config(
        {"LMS_SIGNING_KEY": key, "LMS_SIGNING_CERT": cert}, tmp_path / "i", "x"
    )
    assert found.fingerprint == identity.fingerprint
    assert not found.self_signed
    assert not (tmp_path / "i" / SIGNING_FILE).exists()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"LMS_SIGNING_KEY": "KEY"}, "LMS_SIGNING_CERT must be set"),
        ({"LMS_SIGNING_CERT": "CERT"}, "LMS_SIGNING_KEY must be set"),
        ({"LMS_SIGNING_KEY": "OTHER", "LMS_SIGNING_CERT": "CERT"}, "is not the key of"),
        (
            {"LMS_SIGNING_KEY": "/nowhere.pem", "LMS_SIGNING_CERT": "CERT"},
            "cannot read",
        ),
    ],
)
def test_bad_signing_settings_name_the_setting(
    tmp_path: Path, identity: SigningIdentity, settings: dict[str, str], message: str
) -> None:
    key, cert = _write(tmp_path, identity)
    other = tmp_path / "other.pem"
    other.write_bytes(self_signed_identity("Other").key_pem)
    paths = {"KEY": key, "CERT": cert, "OTHER": str(other)}
    config = {name: paths.get(value, value) for name, value in settings.items()}
    with pytest.raises(ConfigError, match=message):
        identity_from_config(config, tmp_path / "i", "x")


def test_no_signing_file_is_left_behind_under_a_temporary_name(tmp_path: Path) -> None:
    read_or_create_identity(tmp_path, ISSUER)
    assert sorted(os.listdir(tmp_path)) == [SIGNING_FILE]


def _ca_and_leaf() -> tuple[SigningIdentity, x509.Certificate]:
    """A deployment's RSA leaf certificate issued by its own CA (chain in the PEM)."""
    now = datetime.now(UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Northwind Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ISSUER)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    chain = leaf.public_bytes(Encoding.PEM) + ca.public_bytes(Encoding.PEM)
    return SigningIdentity(key_pem, chain, False), ca


def test_a_deployment_certificate_with_its_chain_signs(
    unsigned: bytes, tmp_path: Path
) -> None:
    identity, ca = _ca_and_leaf()
    key, cert = _write(tmp_path, identity)
    found = identity_from_config(
        {"LMS_SIGNING_KEY": key, "LMS_SIGNING_CERT": cert}, tmp_path / "i", "x"
    )
    signed = pdf_signer(found, ISSUER).sign(unsigned, DATA.number)
    report = pdfsig(signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    reader = PdfFileReader(BytesIO(signed), strict=False)
    (signature,) = reader.embedded_signatures
    root = asn1_x509.Certificate.load(ca.public_bytes(Encoding.DER))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.bottom_line
    assert status.trusted


def test_signing_works_where_an_event_loop_runs(
    identity: SigningIdentity, unsigned: bytes, tmp_path: Path
) -> None:
    # As under Playwright's sync API or an async server: asyncio.run would fail.
    async def inside_a_loop() -> bytes:
        return pdf_signer(identity, ISSUER).sign(unsigned, DATA.number)

    signed = asyncio.run(inside_a_loop())
    assert "Signature is Valid." in pdfsig(signed, tmp_path)
