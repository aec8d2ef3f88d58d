"""What the public verify page answers: status on a day, and uploaded files.

An uploaded PDF that is not byte-identical to an issued one is still linked to
the certificate it claims to be when it carries a readable verification code
(in its attached record, its text, its metadata or its link), and the printed
facts that differ from our record are named: the verdict is "altered".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.certify.codes import normalize_code
from lms.certify.localtime import local_day
from lms.certify.pdfcheck import CertificatePdfError, pdf_sha256, read_attachment
from lms.certify.status import certificate_status
from lms.models import Certificate

NOT_YET_ISSUED = "not_issued"
# A code as printed (groups of four) or run together; the check symbol last.
_CODE = re.compile(
    r"(?<![0-9A-Za-z])([0-9A-Za-z]{4}[-\s]?[0-9A-Za-z]{4}[-\s]?[0-9A-Za-z]{4}"
    r"[-\s]?[0-9A-Za-z*~$=])(?![0-9A-Za-z])"
)
_MAX_PAGES = 5


def status_on(certificate: Certificate, day: date, zone: str) -> str:
    """The certificate's status on ``day`` (local days in ``zone``).

    ``not_issued`` before it was completed; otherwise revoked or superseded
    only if that had happened by the end of that day.
    """
    if day < certificate.completed_on:
        return NOT_YET_ISSUED
    revoked = (
        certificate.revoked_at is not None
        and local_day(certificate.revoked_at, zone) <= day
    )
    superseded = (
        certificate.superseded_at is not None
        and local_day(certificate.superseded_at, zone) <= day
    )
    return str(
        certificate_status(
            day, certificate.valid_until, revoked=revoked, superseded=superseded
        )
    )


@dataclass
class UploadVerdict:
    """``identical``, ``altered`` (a code found, the file not ours) or ``unknown``."""

    kind: str
    certificate: Certificate | None = None
    differences: list[str] = field(default_factory=list)


@dataclass
class _Extracted:
    record: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    codes: list[str] = field(default_factory=list)


def _read(data: bytes) -> _Extracted:
    """What an uploaded PDF says about itself; nothing for an unreadable one."""
    found = _Extracted()
    try:
        found.record = read_attachment(data)
    except CertificatePdfError:
        found.record = {}
    chunks: list[str] = []
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        for page in reader.pages[:_MAX_PAGES]:
            chunks.append(page.extract_text() or "")
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                chunks.append(str(action.get("/URI", "")))
        chunks += [str(value) for value in (reader.metadata or {}).values()]
    # An upload from anyone: every parser failure means "nothing readable".
    except Exception:  # noqa: BLE001, S110 - keep what was read before it failed
        pass
    found.text = " ".join(" ".join(chunks).split())
    candidates = [
        str(found.record.get("verification_code", "")),
        str(found.record.get("verify_url", "")).rsplit("/", 1)[-1],
        *_CODE.findall(found.text),
    ]
    for candidate in candidates:
        code = normalize_code(candidate) if candidate else None
        if code and code not in found.codes:
            found.codes.append(code)
    return found


_RECORD_FIELDS = (
    ("holder_name", "name"),
    ("course_title", "course"),
    ("completed_on", "completed on"),
    ("valid_until", "valid until"),
    ("number", "certificate number"),
)


def differences(certificate: Certificate, found: _Extracted) -> list[str]:
    """Which printed or recorded facts differ from the issued certificate."""
    issued = {
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "completed_on": certificate.completed_on.isoformat(),
        "valid_until": (
            certificate.valid_until.isoformat() if certificate.valid_until else None
        ),
        "number": certificate.number,
    }
    named: list[str] = []
    for key, label in _RECORD_FIELDS:
        in_record = key in found.record and found.record[key] != issued[key]
        # The page text must still show the name, course and number we issued.
        in_text = key in ("holder_name", "course_title", "number") and (
            " ".join(str(issued[key]).split()) not in found.text
        )
        if in_record or in_text:
            named.append(label)
    return named


def check_upload(session: Session, data: bytes) -> UploadVerdict:
    """Identical to an issued PDF, an altered copy of one, or unknown."""
    digest = pdf_sha256(data)
    same = session.scalar(select(Certificate).where(Certificate.pdf_sha256 == digest))
    if same is not None:
        return UploadVerdict("identical", same)
    found = _read(data)
    for code in found.codes:
        claimed = session.scalar(
            select(Certificate).where(Certificate.verification_code == code)
        )
        if claimed is not None:
            return UploadVerdict("altered", claimed, differences(claimed, found))
    return UploadVerdict("unknown")
