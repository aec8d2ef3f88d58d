"""What the badge routes read from the database: credentials and status lists."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any, cast

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.badges import statuslist
from lms.badges.signer import Signer
from lms.certify.labels import Language
from lms.certify.render import CREDENTIAL_NAME, CertificateData
from lms.models import Certificate, Course


def embedded_credential(pdf: bytes) -> dict[str, Any] | None:
    """The credential attached to a certificate PDF, if it has one."""
    files = PdfReader(io.BytesIO(pdf)).attachments.get(CREDENTIAL_NAME)
    if not files:
        return None
    document: dict[str, Any] = json.loads(files[0])
    return document


def credential_of(
    session: Session, signer: Signer, certificate: Certificate, time_zone: str
) -> dict[str, Any] | None:
    """The credential in the certificate's PDF; for a certificate issued before
    credentials existed, one signed now from its record (None without an index)."""
    embedded = embedded_credential(certificate.pdf)
    if embedded is not None or certificate.status_index is None:
        return embedded
    course = session.get(Course, certificate.course_id)
    data = CertificateData(
        holder_name=certificate.holder_name,
        course_title=certificate.course_title,
        completed_on=certificate.completed_on,
        score_percent=certificate.score_percent,
        valid_until=certificate.valid_until,
        number=certificate.number,
        verification_code=certificate.verification_code,
        verify_url=f"{signer.base_url}/verify/{certificate.verification_code}",
        content_version=certificate.content_version,
        language=cast(Language, certificate.language),
        issued_at=certificate.issued_at,
        path_title=certificate.path_title,
        time_zone=time_zone,
    )
    slug = course.slug if course is not None else certificate.prefix.lower()
    return signer.credential(data, certificate.status_index, slug)


def revoked_positions(session: Session, number: int) -> list[int]:
    """The positions set in status list ``number``: its revoked certificates."""
    first = statuslist.first_index(number)
    indexes = session.scalars(
        select(Certificate.status_index).where(
            Certificate.revoked_at.is_not(None),
            Certificate.status_index >= first,
            Certificate.status_index < first + statuslist.LIST_BITS,
        )
    )
    return [index - first for index in indexes if index is not None]


def status_list(
    session: Session, signer: Signer, number: int, now: datetime
) -> dict[str, Any]:
    """The signed status list credential ``number``, as of ``now``."""
    document = statuslist.status_list_credential(
        signer.status_list_url(number),
        signer.did,
        revoked_positions(session, number),
        now,
    )
    return signer.sign(document, now)
