"""The current certificate of a person and course (one and many), and its status
as an SQL condition: the one home of both questions.

The current certificate of a person and course is the one nothing superseded,
the newest by ``issued_at`` (ties: the higher id). A revoked one stays current:
it means "no valid certificate" and blocks automatic renewal until HR decides.
``current_certificate`` answers for one pair, ``current_certificates`` for many
(a subquery to join on person_id and course_id), optionally as things stood
before a moment.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select
from sqlalchemy.orm import Session

from lms.certify.status import EXPIRING_DAYS as EXPIRING_DAYS
from lms.certify.status import CertificateStatus, certificate_status
from lms.certify.status import renewal_opens as _renewal_opens
from lms.models import Certificate


def current_certificate(
    session: Session, person_id: int, course_id: int
) -> Certificate | None:
    """The current certificate of a person and course (maybe revoked), or None."""
    current = current_certificates(
        None, Certificate.person_id == person_id, Certificate.course_id == course_id
    )
    return session.scalar(
        select(Certificate).join(current, current.c.id == Certificate.id)
    )


def current_certificates(
    before: datetime | None = None,
    *pairs: ColumnElement[bool],
    include_revoked: bool = True,
) -> Subquery:
    """Per person and course, the current certificate, as a subquery with the
    columns id, person_id, course_id, number, completed_on, valid_until,
    score_percent, revoked_at, issued_at, path_id.

    before: as things stood just before that moment (certificates issued
    before it, superseded only if that happened before it; revoked_at is
    kept as stored, so compare it with ``before`` too). include_revoked=False
    drops the pairs whose current certificate is revoked (then they have none).
    pairs: conditions on Certificate.person_id and course_id only (which pairs
    to rank; they cannot change which certificate of a pair is current), so a
    page of the matrix ranks only its own people's certificates.
    """
    if before is None:
        live: ColumnElement[bool] = Certificate.superseded_by_id.is_(None)
    else:
        live = and_(
            Certificate.issued_at < before,
            or_(
                Certificate.superseded_by_id.is_(None),
                Certificate.superseded_at >= before,
            ),
        )
    newest = (
        func.row_number()
        .over(
            partition_by=(Certificate.person_id, Certificate.course_id),
            order_by=(Certificate.issued_at.desc(), Certificate.id.desc()),
        )
        .label("newest")
    )
    ranked = (
        select(
            Certificate.id,
            Certificate.person_id,
            Certificate.course_id,
            Certificate.number,
            Certificate.completed_on,
            Certificate.valid_until,
            Certificate.score_percent,
            Certificate.revoked_at,
            Certificate.issued_at,
            Certificate.path_id,
            newest,
        )
        .where(live, *pairs)
        .subquery("ranked")
    )
    conditions: list[ColumnElement[bool]] = [ranked.c.newest == 1]
    if not include_revoked:
        revoked: ColumnElement[bool] = ranked.c.revoked_at.is_not(None)
        if before is not None:
            revoked = and_(revoked, ranked.c.revoked_at < before)
        conditions.append(~revoked)
    return select(ranked).where(*conditions).subquery("current")


def status_condition(status: CertificateStatus, today: date) -> ColumnElement[bool]:
    """lms.certify.status.certificate_status(today, ...) == status, in SQL over
    Certificate (tests/certify/test_status_parity.py binds the two)."""
    revoked = Certificate.revoked_at.is_not(None)
    superseded = Certificate.superseded_by_id.is_not(None)
    live = and_(~revoked, ~superseded)
    return {
        CertificateStatus.REVOKED: revoked,
        CertificateStatus.SUPERSEDED: and_(~revoked, superseded),
        CertificateStatus.EXPIRED: and_(live, Certificate.valid_until < today),
        CertificateStatus.VALID: and_(
            live,
            or_(Certificate.valid_until.is_(None), Certificate.valid_until >= today),
        ),
    }[status]


def renewal_opens(certificate: Certificate) -> date | None:
    """The first day a passed final exam renews this certificate."""
    return _renewal_opens(certificate.valid_until)


def status_of(certificate: Certificate, day: date) -> CertificateStatus:
    """A stored certificate's status on a day (the rule: lms.certify.status)."""
    return certificate_status(
        day,
        certificate.valid_until,
        revoked=certificate.revoked_at is not None,
        superseded=certificate.superseded_by_id is not None,
    )
