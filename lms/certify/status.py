"""What a certificate's dates and flags mean: its status on a day, its expiry.

The one rule for the ``valid_until`` day: a certificate is valid up to and
including its ``valid_until`` day (the PDF says "valid until 4 December 2027"
and its reader takes that day to be included); it is expired from the next day
on. Every page, export, reminder and API answer asks this module, and the SQL
twins (``lms.certify.queries.status_condition``, ``lms.hr.status_sql``) are
bound to it by parity tests. Pure: plain dates and flags in, no Flask, no models.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

# A certificate is "expiring" (and its renewal open) from this many days before
# its valid_until day, up to and including that day.
EXPIRING_DAYS = 30


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


def expires_on(valid_until: date) -> date:
    """The first day the certificate is no longer valid: the day after valid_until."""
    return valid_until + timedelta(days=1)


def is_expired(valid_until: date | None, day: date) -> bool:
    """Expired on ``day``: from the day after ``valid_until`` on; never without one."""
    return valid_until is not None and day > valid_until


def is_expiring(
    valid_until: date | None, day: date, expiring_days: int = EXPIRING_DAYS
) -> bool:
    """Still valid on ``day``, and ``valid_until`` at most expiring_days away."""
    return valid_until is not None and 0 <= (valid_until - day).days <= expiring_days


def renewal_opens(valid_until: date | None) -> date | None:
    """The first day a passed final exam renews the certificate (when it turns
    expiring); None when it never expires."""
    if valid_until is None:
        return None
    return valid_until - timedelta(days=EXPIRING_DAYS)


def certificate_status(
    day: date, valid_until: date | None, *, revoked: bool, superseded: bool
) -> CertificateStatus:
    """The status on ``day``; revoked and superseded say whether that had
    happened by then. Revoked wins over superseded, both over the dates."""
    if revoked:
        return CertificateStatus.REVOKED
    if superseded:
        return CertificateStatus.SUPERSEDED
    if is_expired(valid_until, day):
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


def end_of(day: date) -> datetime:
    """The first moment after ``day`` (UTC): "on or before day" is "before this"."""
    return datetime.combine(day + timedelta(days=1), time.min, UTC)
