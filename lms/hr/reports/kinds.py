"""Choosing an export: filters, the checks on them, each kind's sheet, the audit entry.

Views and commands call only this module. Each sheet's rows are a generator
(export_certificates, export_attempts, export_matrix build them), so the CSV
and XLSX writers stream them. Departments are the people's departments now:
the database keeps no history of moves between departments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit.export import audit_sheet
from lms.audit.log import AuditFilters
from lms.audit.record import audit
from lms.certify.status import CertificateStatus
from lms.db import write_step
from lms.errors import ValidationError
from lms.files.sheet_writer import Sheet
from lms.files.zipstream import ZipMember
from lms.hr.reports.attempts import attempt_header, attempt_rows
from lms.hr.reports.certificates import (
    CERTIFICATE_HEADER,
    certificate_rows,
    end_of,
    pdf_members,
)
from lms.hr.reports.matrix import MATRIX_HEADER, matrix_rows, snapshot_rows
from lms.hr.rules import Status
from lms.models import Course, Department, Person
from lms.refresh.retention import retention_rows
from lms.refresh.retention_sql import answer_facts
from lms.web.export_locale import ExportLocale, sheet_in

CERTIFICATE_STATUSES = tuple(status.value for status in CertificateStatus)
KINDS = ("certificates", "attempts", "matrix", "snapshot", "audit", "refreshers")
_ASSIGNMENT_STATUSES = tuple(status.value for status in Status)
STATUSES_BY_KIND: dict[str, tuple[str, ...]] = {
    "certificates": CERTIFICATE_STATUSES,
    "attempts": (),
    "matrix": _ASSIGNMENT_STATUSES,
    "snapshot": _ASSIGNMENT_STATUSES,
    "audit": (),
    "refreshers": (),
}
FORMATS = ("csv", "xlsx", "zip")
PDF_BATCH = 50


@dataclass(frozen=True)
class ExportFilters:
    """Filters as given (slug and name, for the audit log) and as resolved ids."""

    course: str | None = None
    department: str | None = None
    status: str | None = None
    as_of: date | None = None
    course_id: int | None = field(default=None, compare=False)
    department_id: int | None = field(default=None, compare=False)

    def details(self) -> dict[str, object]:
        """The filters for an audit entry: only those that were set."""
        given = {
            "course": self.course,
            "department": self.department,
            "status": self.status,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }
        return {key: value for key, value in given.items() if value}


def parse_day(text: str | None, field_name: str = "as_of") -> date | None:
    """A YYYY-MM-DD date, None for blank; ValidationError otherwise."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _l("Enter the date as YYYY-MM-DD, e.g. 2026-03-31."), field_name
        ) from None


def find_filters(
    session: Session,
    *,
    course: str | None = None,
    department: str | None = None,
    status: str | None = None,
    as_of: date | None = None,
) -> ExportFilters:
    """Resolve a course slug and a department name; unknown ones are errors."""
    course_id = department_id = None
    if course:
        course_id = session.scalar(select(Course.id).where(Course.slug == course))
        if course_id is None:
            raise ValidationError(
                _l("There is no course %(slug)s.", slug=course), "course"
            )
    if department:
        department_id = session.scalar(
            select(Department.id).where(Department.name == department)
        )
        if department_id is None:
            raise ValidationError(
                _l("There is no department %(name)s.", name=department), "department"
            )
    return ExportFilters(
        course or None,
        department or None,
        status or None,
        as_of,
        course_id,
        department_id,
    )


# -- certificates ---------------------------------------------------------------


def _certificate_scope(filters: ExportFilters, today: date) -> dict[str, Any]:
    return {
        "course_id": filters.course_id,
        "department_id": filters.department_id,
        "wanted": filters.status,
        "day": filters.as_of or today,
        "issued_before": end_of(filters.as_of) if filters.as_of else None,
    }


def certificates_sheet(
    session: Session, filters: ExportFilters, today: date, where: ExportLocale
) -> Sheet:
    return Sheet(
        str(_l("Certificates")),
        [str(label) for label in CERTIFICATE_HEADER],
        certificate_rows(session, where, **_certificate_scope(filters, today)),
    )


def certificate_members(
    session: Session, filters: ExportFilters, today: date, batch: int = PDF_BATCH
) -> Iterator[ZipMember]:
    """The stored PDFs of the filtered certificates, for the ZIP."""
    return pdf_members(session, **_certificate_scope(filters, today), batch=batch)


# -- attempts -------------------------------------------------------------------


def attempts_sheet(
    session: Session, filters: ExportFilters, where: ExportLocale
) -> Sheet:
    return Sheet(
        str(_l("Attempts")),
        attempt_header(where),
        attempt_rows(
            session,
            where,
            course_id=filters.course_id,
            department_id=filters.department_id,
            submitted_before=end_of(filters.as_of) if filters.as_of else None,
        ),
    )


# -- matrix and snapshot --------------------------------------------------------


def matrix_sheet(
    session: Session, filters: ExportFilters, today: date, where: ExportLocale
) -> Sheet:
    return Sheet(
        str(_l("Training matrix")),
        [str(label) for label in MATRIX_HEADER],
        matrix_rows(
            session,
            where,
            today=today,
            course_id=filters.course_id,
            department_id=filters.department_id,
            status=filters.status,
        ),
    )


def snapshot_sheet(
    session: Session, filters: ExportFilters, where: ExportLocale
) -> Sheet:
    if filters.as_of is None:
        raise ValidationError(_l("Choose the date of the snapshot."), "as_of")
    return Sheet(
        str(_l("Snapshot %(date)s", date=filters.as_of.isoformat())),
        [str(label) for label in MATRIX_HEADER],
        snapshot_rows(
            session,
            where,
            as_of=filters.as_of,
            course_id=filters.course_id,
            department_id=filters.department_id,
            status=filters.status,
        ),
    )


# -- refreshers -----------------------------------------------------------------


def refreshers_sheet(session: Session, filters: ExportFilters) -> Sheet:
    """Retention (right at the first try) per month, course, topic, department."""
    rows = retention_rows(answer_facts(session, until=filters.as_of))
    course = filters.course
    department = filters.department
    return Sheet(
        str(_l("Refreshers")),
        [
            str(_l("Month")),
            str(_l("Course")),
            str(_l("Topic")),
            str(_l("Department")),
            str(_l("People")),
            str(_l("Answers")),
            str(_l("Right at the first try")),
        ],
        (
            [
                row.month.isoformat()[:7],
                row.course,
                row.topic,
                row.department,
                row.people,
                row.answers,
                row.right,
            ]
            for row in rows
            if (course is None or row.course == course)
            and (department is None or row.department == department)
        ),
    )


# -- choosing an export ---------------------------------------------------------


def check_export(kind: str, fmt: str, filters: ExportFilters, today: date) -> None:
    """Refuse combinations that make no sense, before anything is written."""
    if kind not in KINDS:
        raise ValidationError(_l("Unknown export: %(kind)s.", kind=kind), "kind")
    if fmt not in FORMATS:
        raise ValidationError(_l("Choose CSV, XLSX or ZIP."), "format")
    if fmt == "zip" and kind != "certificates":
        raise ValidationError(_l("Only certificates are exported as a ZIP."), "format")
    statuses = STATUSES_BY_KIND[kind]
    if filters.status and filters.status not in statuses:
        raise ValidationError(
            _l("Choose a status: %(choices)s.", choices=", ".join(statuses))
            if statuses
            else _l("This export has no status filter."),
            "status",
        )
    if kind == "audit" and (filters.course or filters.department):
        raise ValidationError(_l("The audit log is filtered by date only."), "course")
    if kind == "snapshot" and filters.as_of is None:
        raise ValidationError(_l("Choose the date of the snapshot."), "as_of")
    if kind == "matrix" and filters.as_of is not None:
        raise ValidationError(
            _l("The matrix shows today; for a past date export a snapshot."), "as_of"
        )
    if filters.as_of is not None and filters.as_of > today:
        raise ValidationError(_l("Choose a date that is not in the future."), "as_of")


def build_sheet(
    session: Session,
    kind: str,
    filters: ExportFilters,
    today: date,
    where: ExportLocale,
) -> Sheet:
    """The sheet of one export kind in ``where``'s language; call check_export first.

    The rows are built while the writer reads them, still in that language.
    """
    return sheet_in(
        where.language, lambda: _sheet(session, kind, filters, today, where)
    )


def _sheet(
    session: Session,
    kind: str,
    filters: ExportFilters,
    today: date,
    where: ExportLocale,
) -> Sheet:
    if kind == "certificates":
        return certificates_sheet(session, filters, today, where)
    if kind == "attempts":
        return attempts_sheet(session, filters, where)
    if kind == "audit":
        until = filters.as_of
        return audit_sheet(session, AuditFilters(until=until, zone=where.zone), where)
    if kind == "matrix":
        return matrix_sheet(session, filters, today, where)
    if kind == "refreshers":
        return refreshers_sheet(session, filters)
    return snapshot_sheet(session, filters, where)


def record_export(
    session: Session,
    actor: Person | None,
    kind: str,
    fmt: str,
    filters: ExportFilters,
    now: datetime,
) -> None:
    """One audit entry per export: who took which data, with which filters.

    Downloads are GETs: the entry is written in a step of its own, before the file.
    """
    with write_step(session):
        audit(
            session,
            actor,
            f"export.{kind}",
            kind,
            details={"format": fmt, **filters.details()},
            now=now,
        )
        session.flush()


def find_person(session: Session, who: str) -> Person | None:
    """A person by e-mail address (stored in lower case) or employee ID."""
    return session.scalar(
        select(Person)
        .where((Person.email == who.lower()) | (Person.employee_id == who))
        .limit(1)
    )


def record_transcript(
    session: Session, actor: Person, person: Person, now: datetime
) -> None:
    """HR downloaded someone's transcript: audited like any export."""
    with write_step(session):
        audit(
            session,
            actor,
            "export.transcript",
            person.email,
            details={"person_id": person.id},
            now=now,
        )
        session.flush()


def file_name(kind: str, fmt: str, filters: ExportFilters, today: date) -> str:
    day = filters.as_of or today
    return f"{kind}-{day.isoformat()}.{fmt}"
