"""The certificate status rule exists once in Python (lms.certify.status) and is
repeated in SQL where lists are filtered in the database: the API's
certificate filter (lms.certify.queries.status_condition) and its completion
filter (lms.api.services). On a table of certificates around the boundaries,
on the real database, each SQL condition selects exactly the certificates to
which the Python rule gives that status.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.api.services import (
    COMPLETION_STATUSES,
    completion_condition,
    completion_status,
)
from lms.certify.queries import status_condition
from lms.certify.status import EXPIRING_DAYS, CertificateStatus, certificate_status
from lms.db import get_database
from lms.models import Certificate
from tests.hr.helpers import course_id, person

TODAY = date(2026, 12, 4)
# valid_until relative to today: none, long gone, the boundaries of expired,
# of expiring, and far away.
OFFSETS = (None, -400, -2, -1, 0, 1, EXPIRING_DAYS - 1, EXPIRING_DAYS, 31, 400)
CASES = list(itertools.product(OFFSETS, (False, True), (False, True)))
_serial = itertools.count(1)


@pytest.fixture
def session(app: Any, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


def _certificates(session: Session) -> list[Certificate]:
    owner = person(session)
    course = course_id(session)
    made = []
    for offset, revoked, superseded in CASES:
        n = next(_serial)
        certificate = Certificate(
            number=f"CSE-2098-{n:06d}",
            prefix="CSE",
            year=2098,
            sequence=n,
            verification_code=f"PARITY{n:08d}",
            issue_key=f"parity:{n}",
            person_id=owner.id,
            course_id=course,
            holder_name="Holder",
            course_title="Course",
            language="en",
            score_percent=90.0,
            completed_on=TODAY - timedelta(days=500),
            issued_at=datetime(2025, 1, 1, tzinfo=UTC),
            valid_until=None if offset is None else TODAY + timedelta(days=offset),
            content_version="test",
            pdf_sha256="0" * 64,
            pdf=b"%PDF",
            revoked_at=datetime(2025, 2, 1, tzinfo=UTC) if revoked else None,
        )
        session.add(certificate)
        session.flush()
        if superseded:  # by itself: only the flag matters to the rule
            certificate.superseded_by_id = certificate.id
        made.append(certificate)
    session.flush()
    return made


def _selected(session: Session, condition: Any) -> set[int]:
    return set(session.scalars(select(Certificate.id).where(condition)))


def test_certificate_status_in_sql_matches_the_rule(session: Session) -> None:
    made = _certificates(session)
    for status in CertificateStatus:
        expected = {
            c.id
            for c in made
            if certificate_status(
                TODAY,
                c.valid_until,
                revoked=c.revoked_at is not None,
                superseded=c.superseded_by_id is not None,
            )
            is status
        }
        assert _selected(session, status_condition(status, TODAY)) == expected, status
    # Every certificate has exactly one status.
    assert sum(
        len(_selected(session, status_condition(s, TODAY))) for s in CertificateStatus
    ) == len(made)


def test_completion_status_in_sql_matches_the_rule(session: Session) -> None:
    made = _certificates(session)
    for status in COMPLETION_STATUSES:
        expected = {c.id for c in made if completion_status(c, TODAY) == status}
        assert _selected(session, completion_condition(status, TODAY)) == expected, (
            status
        )
