"""The training matrix export, and the "as of date" compliance snapshot for auditors.

Both are `training_matrix`: the export for today, the snapshot with ``as_of``,
which takes what existed on the day itself (assignments made, certificates
issued, revocations and replacements done, activity started on or before it)
and applies the same rule with that day as today.

What the database does not record, the snapshot cannot know: people are
listed with their department of today, people deactivated since are still
listed (no deactivation date is kept), and a lesson visited before and after
the day counts as activity on the day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from lms.hr.matrix import MatrixRow, training_matrix
from lms.hr.reports.certificates import course_names
from lms.web.export_locale import ExportLocale, status_words

MATRIX_HEADER = (
    _l("Person"),
    _l("E-mail"),
    _l("Employee ID"),
    _l("Department"),
    _l("Course ID"),
    _l("Course"),
    _l("Status"),
    _l("Assigned"),
    _l("Due"),
    _l("Completed"),
    _l("Score (%)"),
    _l("Certificate"),
    _l("Valid until"),  # the last valid day, as printed on the certificate
)


def matrix_cells(
    row: MatrixRow, slugs: dict[int, str], words: dict[str, str]
) -> tuple[object, ...]:
    return (
        row.person_name,
        row.email,
        row.employee_id,
        row.department,
        slugs.get(row.course_id, ""),
        row.course_title,
        words.get(row.status.value, row.status.value),
        row.assigned_on,
        row.due_on,
        row.completed_on,
        round(row.score_percent, 2) if row.score_percent is not None else None,
        row.certificate_number,
        row.expires_on,
    )


def matrix_rows(
    session: Session,
    where: ExportLocale,
    *,
    today: date,
    course_id: int | None,
    department_id: int | None,
    status: str | None,
    as_of: date | None = None,
) -> Iterator[tuple[object, ...]]:
    """The export's cells: the matrix today, or as it stood at the end of as_of."""
    page = training_matrix(
        session,
        today=today,
        as_of=as_of,
        course_id=course_id,
        department_id=department_id,
        status=status,
        page=None,
        language=where.language,
    )
    slugs = {
        course_id: slug
        for course_id, (slug, _title) in course_names(session, where.language).items()
    }
    words = status_words()
    for row in page.rows:
        yield matrix_cells(row, slugs, words)


def snapshot_rows(
    session: Session,
    where: ExportLocale,
    *,
    as_of: date,
    course_id: int | None,
    department_id: int | None,
    status: str | None,
) -> Iterator[tuple[object, ...]]:
    """The matrix as it stood at the end of ``as_of`` (the auditors' snapshot)."""
    return matrix_rows(
        session,
        where,
        today=as_of,
        as_of=as_of,
        course_id=course_id,
        department_id=department_id,
        status=status,
    )
