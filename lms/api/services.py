"""What the API lists: certificates and completions, filtered and paged in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from lms.certify.queries import current_certificates, status_condition, status_of
from lms.certify.status import (
    EXPIRING_DAYS,
    CertificateStatus,
    is_expired,
    is_expiring,
)
from lms.errors import ValidationError
from lms.models import Assignment, Certificate, Course, Department, Person
from lms.web.numbers import MAX_PAGE, parse_positive_int

MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 100
CERTIFICATE_STATUSES = tuple(status.value for status in CertificateStatus)
COMPLETION_STATUSES = ("completed", "expiring", "expired", "revoked")
# A select of any columns (Select is generic over its column types).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"


@dataclass(frozen=True)
class Query:
    """Validated query parameters shared by both endpoints."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    course_id: int | None = None
    department_id: int | None = None
    status: str | None = None
    issued_since: datetime | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total


def parse_moment(text: str, name: str) -> datetime:
    """An ISO 8601 date or date-time; without an offset it is UTC."""
    cleaned = text.strip()
    if "T" in cleaned:
        # An unencoded "+01:00" arrives as " 01:00": the space can only be a plus.
        cleaned = cleaned.replace(" ", "+")
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            f"{name} must be an ISO 8601 date or date-time, "
            "e.g. 2026-03-01 or 2026-03-01T08:00:00Z",
            name,
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _positive(text: str | None, name: str, default: int, maximum: int) -> int:
    if text is None or text == "":
        return default
    value = parse_positive_int(text, maximum)
    if value is None:
        raise ValidationError(
            f"{name} must be a whole number from 1 to {maximum}", name
        )
    return value


def parse_query(
    session: Session,
    args: dict[str, str],
    statuses: tuple[str, ...],
    *,
    issued_since: bool,
) -> Query:
    """Check every parameter; unknown ones are errors, so typos do not go unnoticed."""
    known = {"page", "per_page", "course", "department", "status", "updated_since"}
    if issued_since:
        known.add("issued_since")
    unknown = sorted(set(args) - known)
    if unknown:
        raise ValidationError(f"unknown parameter: {', '.join(unknown)}", unknown[0])
    status = args.get("status") or None
    if status is not None and status not in statuses:
        raise ValidationError(f"status must be one of: {', '.join(statuses)}", "status")
    course_id = department_id = None
    if args.get("course"):
        course_id = session.scalar(
            select(Course.id).where(Course.slug == args["course"])
        )
        if course_id is None:
            raise ValidationError(f"no course {args['course']!r}", "course")
    if args.get("department"):
        department_id = session.scalar(
            select(Department.id).where(Department.name == args["department"])
        )
        if department_id is None:
            raise ValidationError(f"no department {args['department']!r}", "department")
    return Query(
        page=_positive(args.get("page"), "page", 1, MAX_PAGE),
        per_page=_positive(
            args.get("per_page"), "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE
        ),
        course_id=course_id,
        department_id=department_id,
        status=status,
        issued_since=parse_moment(args["issued_since"], "issued_since")
        if args.get("issued_since")
        else None,
        updated_since=parse_moment(args["updated_since"], "updated_since")
        if args.get("updated_since")
        else None,
    )


def _page(
    session: Session, statement: AnySelect, query: Query
) -> tuple[int, Sequence[Any]]:
    total = session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    rows = session.execute(
        statement.limit(query.per_page).offset((query.page - 1) * query.per_page)
    ).all()
    return total or 0, rows


def _common(statement: AnySelect, query: Query) -> AnySelect:
    if query.course_id is not None:
        statement = statement.where(Certificate.course_id == query.course_id)
    if query.department_id is not None:
        statement = statement.where(Person.department_id == query.department_id)
    if query.issued_since is not None:
        statement = statement.where(Certificate.issued_at >= query.issued_since)
    return statement


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def list_certificates(
    session: Session, query: Query, today: date, base_url: str
) -> Page:
    """Every certificate, superseded and revoked ones included, oldest first."""
    successor = aliased(Certificate)
    statement = (
        select(
            Certificate,
            Person.email,
            Person.employee_id,
            Department.name,
            Course.slug,
            successor.number,
        )
        .join(Person, Person.id == Certificate.person_id)
        .join(Course, Course.id == Certificate.course_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(successor, successor.id == Certificate.superseded_by_id)
        .order_by(Certificate.id)
    )
    statement = _common(statement, query)
    if query.status:
        statement = statement.where(
            status_condition(CertificateStatus(query.status), today)
        )
    if query.updated_since is not None:
        since = query.updated_since
        statement = statement.where(
            or_(
                Certificate.issued_at >= since,
                Certificate.revoked_at >= since,
                Certificate.superseded_at >= since,
            )
        )
    total, rows = _page(session, statement, query)
    items = [
        {
            "number": cert.number,
            "verification_code": cert.verification_code,
            "verify_url": f"{base_url}/verify/{cert.verification_code}",
            "status": status_of(cert, today).value,
            "holder_name": cert.holder_name,
            "person": {
                "id": cert.person_id,
                "email": email,
                "employee_id": employee_id,
                "department": department,
            },
            "course": {"slug": slug, "title": cert.course_title},
            "path": _path(cert),
            "language": cert.language,
            "score_percent": cert.score_percent,
            "completed_on": _iso(cert.completed_on),
            "issued_at": _iso(cert.issued_at),
            "valid_until": _iso(cert.valid_until),
            "revoked_at": _iso(cert.revoked_at),
            "superseded_by": successor_number,
            "superseded_at": _iso(cert.superseded_at),
            "content_version": cert.content_version,
            "pdf_sha256": cert.pdf_sha256,
        }
        for cert, email, employee_id, department, slug, successor_number in rows
    ]
    return Page(items, total, query.page, query.per_page)


def completion_condition(status: str, today: date) -> ColumnElement[bool]:
    """completion_status() == status, in SQL over the current certificate
    (tests/certify/test_status_parity.py binds the two)."""
    live = Certificate.revoked_at.is_(None)
    soon = today + timedelta(days=EXPIRING_DAYS)
    return {
        "revoked": Certificate.revoked_at.is_not(None),
        "expired": and_(live, Certificate.valid_until < today),
        "expiring": and_(
            live, Certificate.valid_until >= today, Certificate.valid_until <= soon
        ),
        "completed": and_(
            live, or_(Certificate.valid_until.is_(None), Certificate.valid_until > soon)
        ),
    }[status]


def _path(certificate: Certificate) -> dict[str, str | None] | None:
    """The learning path the certificate was earned on; None: the whole course."""
    if certificate.path_id is None and certificate.path_title is None:
        return None
    return {"id": certificate.path_id, "title": certificate.path_title}


def completion_status(certificate: Certificate, today: date) -> str:
    """As HR statuses count (lms.certify.status): valid through valid_until,
    expired from the next day on, expiring from 30 days before valid_until."""
    if certificate.revoked_at is not None:
        return "revoked"
    if is_expired(certificate.valid_until, today):
        return "expired"
    if is_expiring(certificate.valid_until, today):
        return "expiring"
    return "completed"


def list_completions(
    session: Session, query: Query, today: date, base_url: str
) -> Page:
    """Per person and course, the current certificate (lms.certify.queries)."""
    current = current_certificates()
    statement = (
        select(
            Certificate,
            Person.name,
            Person.email,
            Person.employee_id,
            Department.name,
            Course.slug,
            Assignment.assigned_on,
            Assignment.due_on,
        )
        .join(current, current.c.id == Certificate.id)
        .join(Person, Person.id == Certificate.person_id)
        .join(Course, Course.id == Certificate.course_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(
            Assignment,
            (Assignment.person_id == Certificate.person_id)
            & (Assignment.course_id == Certificate.course_id),
        )
        .order_by(Certificate.id)
    )
    statement = _common(statement, query)
    if query.status:
        statement = statement.where(completion_condition(query.status, today))
    if query.updated_since is not None:
        since = query.updated_since
        statement = statement.where(
            or_(Certificate.issued_at >= since, Certificate.revoked_at >= since)
        )
    total, rows = _page(session, statement, query)
    items = []
    for cert, name, email, employee_id, department, slug, assigned, due in rows:
        updated = max(m for m in (cert.issued_at, cert.revoked_at) if m is not None)
        items.append(
            {
                "person": {
                    "id": cert.person_id,
                    "name": name,
                    "email": email,
                    "employee_id": employee_id,
                    "department": department,
                },
                "course": {"slug": slug, "title": cert.course_title},
                "path": _path(cert),
                "status": completion_status(cert, today),
                "completed_on": _iso(cert.completed_on),
                "score_percent": cert.score_percent,
                "valid_until": _iso(cert.valid_until),
                "assigned_on": _iso(assigned),
                "due_on": _iso(due),
                "certificate": {
                    "number": cert.number,
                    "verification_code": cert.verification_code,
                    "verify_url": f"{base_url}/verify/{cert.verification_code}",
                },
                "updated_at": _iso(updated),
            }
        )
    return Page(items, total, query.page, query.per_page)
