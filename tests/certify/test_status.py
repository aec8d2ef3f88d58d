"""The pure certificate status rule: valid through valid_until, then expired."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lms.certify.status import (
    CertificateStatus,
    certificate_status,
    end_of,
    expires_on,
    is_expired,
    is_expiring,
    renewal_opens,
)

VALID_UNTIL = date(2027, 12, 4)


@pytest.mark.parametrize(
    ("day", "valid_until", "revoked", "superseded", "expected"),
    [
        (date(2027, 12, 3), VALID_UNTIL, False, False, CertificateStatus.VALID),
        (VALID_UNTIL, VALID_UNTIL, False, False, CertificateStatus.VALID),
        (date(2027, 12, 5), VALID_UNTIL, False, False, CertificateStatus.EXPIRED),
        (date(2099, 1, 1), None, False, False, CertificateStatus.VALID),
        (date(2027, 12, 5), VALID_UNTIL, False, True, CertificateStatus.SUPERSEDED),
        (date(2027, 12, 5), VALID_UNTIL, True, True, CertificateStatus.REVOKED),
        (date(2027, 12, 3), VALID_UNTIL, True, False, CertificateStatus.REVOKED),
    ],
)
def test_certificate_status(
    day: date,
    valid_until: date | None,
    revoked: bool,
    superseded: bool,
    expected: CertificateStatus,
) -> None:
    got = certificate_status(day, valid_until, revoked=revoked, superseded=superseded)
    assert got is expected


def test_the_boundaries_around_valid_until() -> None:
    assert expires_on(VALID_UNTIL) == date(2027, 12, 5)
    assert not is_expired(VALID_UNTIL, VALID_UNTIL)
    assert is_expired(VALID_UNTIL, date(2027, 12, 5))
    assert not is_expired(None, date(2099, 1, 1))
    assert renewal_opens(VALID_UNTIL) == date(2027, 11, 4)
    assert renewal_opens(None) is None
    assert not is_expiring(VALID_UNTIL, date(2027, 11, 3))
    assert is_expiring(VALID_UNTIL, date(2027, 11, 4))  # the renewal opens
    assert is_expiring(VALID_UNTIL, VALID_UNTIL)
    assert not is_expiring(VALID_UNTIL, date(2027, 12, 5))  # expired instead
    assert not is_expiring(None, VALID_UNTIL)


def test_end_of_a_day_is_the_next_midnight_utc() -> None:
    assert end_of(VALID_UNTIL) == datetime(2027, 12, 5, tzinfo=UTC)
