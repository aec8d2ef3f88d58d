"""The current certificate of a person and course, and when its renewal opens."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Certificate

RENEWAL_WINDOW = timedelta(days=30)


def current_certificate(
    session: Session, person_id: int, course_id: int
) -> Certificate | None:
    """The newest certificate of a person for a course that nothing replaced."""
    return session.scalar(
        select(Certificate)
        .where(
            Certificate.person_id == person_id,
            Certificate.course_id == course_id,
            Certificate.superseded_by_id.is_(None),
        )
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )


def renewal_opens(certificate: Certificate) -> date | None:
    if certificate.valid_until is None:
        return None
    return certificate.valid_until - RENEWAL_WINDOW
