"""Large HR exports as background jobs: the row threshold and the job function.

Below ``LMS_EXPORT_JOB_THRESHOLD`` rows an export stays a direct download;
above it, HR confirms and a worker writes the file (kept a day, for HR only).
The worker reads through a read session of its own (one snapshot, no write
lock), so recording progress (which commits the job's session) never cuts
a streaming query short.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any, TypeVar

from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.db import get_database
from lms.errors import ValidationError
from lms.files.sheet_writer import csv_bytes, write_xlsx
from lms.files.zipstream import stream_zip
from lms.hr.reports import kinds as exports
from lms.hr.reports.download import MEDIA_TYPES
from lms.jobs.api import JobContext, JobFailed, JobResult, job_function
from lms.web.export_locale import ExportLocale, export_locale

T = TypeVar("T")
#: Progress is recorded every this many rows (one small UPDATE each time).
STEP = 500


def threshold() -> int:
    """Rows above which an export runs as a job; 0 turns jobs off."""
    return int(current_app.config.get("LMS_EXPORT_JOB_THRESHOLD") or 0)


def _rows(
    session: Any,
    kind: str,
    fmt: str,
    filters: exports.ExportFilters,
    today: date,
    where: ExportLocale,
) -> Iterator[Any]:
    # A ZIP has one PDF per certificate row.
    sheet_kind = "certificates" if fmt == "zip" else kind
    return iter(exports.build_sheet(session, sheet_kind, filters, today, where).rows)


def _close(rows: Iterator[Any]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def is_large(
    session: Any,
    kind: str,
    fmt: str,
    filters: exports.ExportFilters,
    today: date,
    where: ExportLocale,
) -> bool:
    """More rows than the threshold? Reads at most threshold + 1 rows."""
    limit = threshold()
    if limit <= 0:
        return False
    rows = _rows(session, kind, fmt, filters, today, where)
    try:
        return sum(1 for _row in islice(rows, limit + 1)) > limit
    finally:
        _close(rows)


def job_params(
    kind: str,
    fmt: str,
    filters: exports.ExportFilters,
    today: date,
    where: ExportLocale,
    separator: str | None,
) -> dict[str, Any]:
    """The export as JSON parameters of the job."""
    return {
        "kind": kind,
        "fmt": fmt,
        "course": filters.course,
        "department": filters.department,
        "status": filters.status,
        "as_of": filters.as_of.isoformat() if filters.as_of else None,
        "today": today.isoformat(),
        "language": where.language,
        "separator": separator,
    }


def _counted(ctx: JobContext, items: Iterable[T], total: int) -> Iterator[T]:
    done = 0
    for item in items:
        yield item
        done += 1
        if done % STEP == 0:
            ctx.progress(done, total)
    ctx.progress(done, total)


@job_function(_l("Export"))
def export_file(
    ctx: JobContext,
    kind: str,
    fmt: str,
    course: str | None,
    department: str | None,
    status: str | None,
    as_of: str | None,
    today: str,
    language: str,
    separator: str | None,
) -> JobResult:
    """The job: the export's file, as the direct download would have been."""
    reader = get_database(current_app).read_sessionmaker()
    try:
        day = date.fromisoformat(today)
        try:
            filters = exports.find_filters(
                reader,
                course=course,
                department=department,
                status=status,
                as_of=date.fromisoformat(as_of) if as_of else None,
            )
            exports.check_export(kind, fmt, filters, day)
            where = export_locale(language, separator)
        except ValidationError as exc:
            raise JobFailed(exc.args[0]) from None
        counting = _rows(reader, kind, fmt, filters, day, where)
        total = sum(1 for _row in counting)
        ctx.progress(0, total)
        name = exports.file_name(kind, fmt, filters, day)
        return JobResult(
            _write(ctx, reader, kind, fmt, filters, day, where, total),
            name,
            _media_type(fmt),
        )
    finally:
        reader.close()


def _write(
    ctx: JobContext,
    reader: Any,
    kind: str,
    fmt: str,
    filters: exports.ExportFilters,
    day: date,
    where: ExportLocale,
    total: int,
) -> bytes:
    if fmt == "zip":
        members = exports.certificate_members(reader, filters, day)
        return b"".join(stream_zip(_counted(ctx, members, total)))
    sheet = exports.build_sheet(reader, kind, filters, day, where)
    rows = _counted(ctx, sheet.rows, total)
    if fmt == "csv":
        return b"".join(csv_bytes(sheet.header, rows, where.style))
    buffer = io.BytesIO()
    write_xlsx(buffer, [type(sheet)(sheet.name, sheet.header, rows)])
    return buffer.getvalue()


def _media_type(fmt: str) -> str:
    media = MEDIA_TYPES[fmt]
    return f"{media}; charset=utf-8" if fmt == "csv" else media
