"""The certificates export: its rows, and the stored PDFs for the ZIP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TypeAlias

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lms.certify.status import certificate_status
from lms.certify.status import end_of as end_of
from lms.content.titles import course_titles
from lms.files.zipstream import ZipMember, safe_name_part
from lms.models import Certificate, Course, Department, Person
from lms.web.export_locale import ExportLocale, status_words

_ROW_BATCH = 1000
# A select of any columns (Select is generic over its column types).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"


def certificate_status_on(
    day: date,
    valid_until: date | None,
    revoked_at: datetime | None,
    superseded_by_id: int | None,
    superseded_at: datetime | None,
) -> str:
    """A certificate's status as it was on ``day`` (Certificate.status for today)."""
    return certificate_status(
        day,
        valid_until,
        revoked=revoked_at is not None and revoked_at < end_of(day),
        superseded=superseded_by_id is not None
        and (superseded_at is None or superseded_at < end_of(day)),
    ).value


CERTIFICATE_HEADER = (
    _l("Number"),
    _l("Verification code"),
    _l("Holder"),
    _l("Employee ID"),
    _l("Department"),
    _l("Course ID"),
    _l("Course"),
    _l("Score (%)"),
    _l("Issued"),
    _l("Valid until"),  # the last valid day, as printed on the certificate
    _l("Status"),
    _l("Content version"),
)


def _certificate_query(
    *columns: Any,
    course_id: int | None,
    department_id: int | None,
    issued_before: datetime | None,
) -> AnySelect:
    statement = (
        select(
            *columns,
            Certificate.valid_until,
            Certificate.revoked_at,
            Certificate.superseded_by_id,
            Certificate.superseded_at,
        )
        .join(Person, Person.id == Certificate.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .order_by(Certificate.id)
    )
    if course_id is not None:
        statement = statement.where(Certificate.course_id == course_id)
    if department_id is not None:
        statement = statement.where(Person.department_id == department_id)
    if issued_before is not None:
        statement = statement.where(Certificate.issued_at < issued_before)
    return statement


def course_names(session: Session, language: str) -> dict[int, tuple[str, str]]:
    """Course id -> (slug, title in ``language``): one name per course in a file."""
    titles = course_titles(session, language)
    return {
        course_id: (slug, titles.get(course_id, slug))
        for course_id, slug in session.execute(select(Course.id, Course.slug))
    }


def certificate_rows(
    session: Session,
    where: ExportLocale,
    *,
    course_id: int | None,
    department_id: int | None,
    wanted: str | None,
    day: date,
    issued_before: datetime | None,
) -> Iterator[tuple[object, ...]]:
    """One row per certificate, with its status on ``day``, in ``where``'s words.

    The course is named by its slug and its title in the export's language,
    not by the title printed on the certificate (the holder's language).
    """
    courses = course_names(session, where.language)
    words = status_words()
    statement = _certificate_query(
        Certificate.number,
        Certificate.verification_code,
        Certificate.holder_name,
        Person.employee_id,
        Department.name.label("department"),
        Certificate.course_id,
        Certificate.score_percent,
        Certificate.issued_at,
        Certificate.content_version,
        course_id=course_id,
        department_id=department_id,
        issued_before=issued_before,
    )
    # yield_per streams (a server-side cursor on PostgreSQL) instead of
    # loading every row before the first one is written.
    # Through the connection: plain rows, without the ORM's result handling.
    # A reader that stops early (the job-size probe) closes the cursor too.
    with session.connection().execute(
        statement.execution_options(yield_per=_ROW_BATCH)
    ) as rows:
        for (
            number,
            code,
            holder,
            employee_id,
            department,
            certificate_course_id,
            score,
            issued_at,
            content_version,
            valid_until,
            revoked_at,
            superseded_by_id,
            superseded_at,
        ) in rows:
            status = certificate_status_on(
                day, valid_until, revoked_at, superseded_by_id, superseded_at
            )
            if wanted and status != wanted:
                continue
            yield (
                number,
                code,
                holder,
                employee_id,
                department,
                *courses.get(certificate_course_id, ("", "")),
                round(score, 2) if score is not None else None,
                where.day(issued_at),
                valid_until,
                words.get(status, status),
                content_version,
            )


def pdf_members(
    session: Session,
    *,
    course_id: int | None,
    department_id: int | None,
    wanted: str | None,
    day: date,
    issued_before: datetime | None,
    batch: int,
) -> Iterator[ZipMember]:
    """The stored PDFs of the filtered certificates, ``batch`` PDFs per query.

    The list of ids is read first (no PDF bytes), then the bytes batch by batch,
    so memory holds at most one batch of PDFs whatever the number.
    """
    statement = _certificate_query(
        Certificate.id,
        Certificate.number,
        Person.employee_id,
        Certificate.holder_name,
        Certificate.issued_at,
        course_id=course_id,
        department_id=department_id,
        issued_before=issued_before,
    )
    chosen = []
    for row in session.execute(statement):
        status = certificate_status_on(
            day,
            row.valid_until,
            row.revoked_at,
            row.superseded_by_id,
            row.superseded_at,
        )
        if not wanted or status == wanted:
            chosen.append(row)
    for start in range(0, len(chosen), batch):
        part = chosen[start : start + batch]
        rows = session.execute(
            select(Certificate.id, Certificate.pdf).where(
                Certificate.id.in_([row.id for row in part])
            )
        )
        pdfs: dict[int, bytes] = dict(rows.all())
        for row in part:
            name = "_".join(
                (
                    safe_name_part(row.number),
                    safe_name_part(row.employee_id or "", "no-id"),
                    safe_name_part(row.holder_name),
                )
            )
            yield ZipMember(f"{name}.pdf", pdfs[row.id], row.issued_at)
        pdfs.clear()
