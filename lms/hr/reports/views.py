"""HR exports: CSV, XLSX, ZIP of certificate PDFs, transcripts."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from lms.auth.access import require_roles
from lms.content.titles import join_title
from lms.db import get_session, utcnow
from lms.errors import ValidationError
from lms.files.sheet_writer import csv_bytes, write_xlsx
from lms.files.zipstream import stream_zip
from lms.hr.reports import jobs as export_jobs
from lms.hr.reports import kinds as exports
from lms.hr.reports.download import download_response, transcript_response
from lms.jobs import services as job_services
from lms.jobs.api import Scope
from lms.models import Course, Department, Person, Role
from lms.web.export_locale import (
    SEPARATOR_CHOICES,
    ExportLocale,
    default_separator,
    export_locale,
)
from lms.web.formatting import local_today

bp = Blueprint("hr_export", __name__, url_prefix="/hr/exports")

HR = (Role.HR.value, Role.ADMIN.value)
_CHUNK = 64 * 1024


def _closing(chunks: Iterator[bytes], session: Session) -> Iterator[bytes]:
    """Close the session the stream reads from once the stream ends.

    The request's own teardown closes it before a streamed body is read; the
    stream's queries then open a new transaction that nothing would close.
    """
    try:
        yield from chunks
    finally:
        session.close()


def _file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            yield chunk


def _choices() -> dict[str, object]:
    """Courses and departments for the filter selects."""
    db = get_session()
    statement, title = join_title(select(Course.slug), str(get_locale() or "en"))
    courses = db.execute(statement.add_columns(title).order_by(title)).all()
    departments = db.scalars(select(Department.name).order_by(Department.name)).all()
    return {
        "courses": courses,
        "departments": departments,
        "certificate_statuses": exports.CERTIFICATE_STATUSES,
        "separators": SEPARATOR_CHOICES,
        "default_separator": default_separator(str(get_locale() or "en")),
        "today": local_today(),
    }


@bp.route("/")
@require_roles(*HR)
def index() -> str:
    return render_template(
        "hr/exports.html", errors={}, kind=None, values={}, **_choices()
    )


@dataclass(frozen=True)
class _Chosen:
    fmt: str
    filters: exports.ExportFilters
    where: ExportLocale
    separator: str | None


def _choose(db: Session, kind: str, args: Mapping[str, str], today: date) -> _Chosen:
    """The export the form asks for; ValidationError naming the field."""
    fmt = args.get("format", "csv")
    filters = exports.find_filters(
        db,
        course=args.get("course") or None,
        department=args.get("department") or None,
        status=args.get("status") or None,
        as_of=exports.parse_day(args.get("as_of")),
    )
    exports.check_export(kind, fmt, filters, today)
    separator = args.get("separator") or None
    where = export_locale(str(get_locale() or "en"), separator)
    return _Chosen(fmt, filters, where, separator)


def _refused(
    exc: ValidationError, kind: str, values: Mapping[str, str]
) -> tuple[str, int]:
    errors = {exc.field or "format": str(exc)}
    page = render_template(
        "hr/exports.html", errors=errors, kind=kind, values=values, **_choices()
    )
    return page, 400


@bp.route("/<kind>")
@require_roles(*HR)
def download(kind: str) -> Response | tuple[str, int]:
    if kind not in exports.KINDS:
        abort(404)
    db = get_session()
    now = utcnow()
    today = now.date()
    try:
        chosen = _choose(db, kind, request.args, today)
    except ValidationError as exc:
        return _refused(exc, kind, request.args)
    fmt, filters, where = chosen.fmt, chosen.filters, chosen.where
    if export_jobs.is_large(db, kind, fmt, filters, today, where):
        # Too many rows to wait for: HR confirms, and a worker writes the file.
        page = render_template(
            "hr/export_job.html",
            kind=kind,
            values=request.args,
            rows=export_jobs.threshold(),
        )
        return Response(page)
    exports.record_export(db, current_user, kind, fmt, filters, now)
    name = exports.file_name(kind, fmt, filters, today)
    if fmt == "zip":
        members = exports.certificate_members(db, filters, today)
        return download_response(
            stream_with_context(_closing(stream_zip(members), db)), fmt, name
        )
    sheet = exports.build_sheet(db, kind, filters, today, where)
    if fmt == "csv":
        body = csv_bytes(sheet.header, sheet.rows, where.style)
        return download_response(stream_with_context(_closing(body, db)), fmt, name)
    # XlsxWriter needs a seekable file; a temporary one keeps memory flat.
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by _file_chunks)
    try:
        write_xlsx(spool, [sheet])
    except BaseException:
        spool.close()
        raise
    response = download_response(_file_chunks(spool), fmt, name)
    response.headers["Content-Length"] = str(spool.tell())
    return response


@bp.route("/<kind>/job", methods=["POST"])
@require_roles(*HR)
def start_job(kind: str) -> BaseResponse | tuple[str, int]:
    """Start a large export as a job; the same form sent twice gives one job."""
    if kind not in exports.KINDS:
        abort(404)
    db = get_session()
    now = utcnow()
    today = now.date()
    try:
        chosen = _choose(db, kind, request.form, today)
    except ValidationError as exc:
        return _refused(exc, kind, request.form)
    key = request.form.get("job_key")
    job = job_services.submit(
        db,
        export_jobs.export_file,
        owner=current_user,
        key=key,
        params=export_jobs.job_params(
            kind, chosen.fmt, chosen.filters, today, chosen.where, chosen.separator
        ),
        scope=Scope.HR,
    )
    if job.created_at is not None and job.created_at >= now:
        exports.record_export(db, current_user, kind, chosen.fmt, chosen.filters, now)
    return redirect(url_for("jobs.show", public_id=job.public_id))


@bp.route("/transcript")
@require_roles(*HR)
def find_transcript() -> BaseResponse | tuple[str, int]:
    who = request.args.get("who", "").strip()
    person = exports.find_person(get_session(), who) if who else None
    if person is None:
        page = render_template(
            "hr/exports.html",
            errors={"who": _("No one has this e-mail address or employee ID.")},
            kind="transcript",
            values=request.args,
            **_choices(),
        )
        return page, 404
    return redirect(url_for("hr_export.transcript", person_id=person.id))


@bp.route("/transcript/<int:person_id>.pdf")
@require_roles(*HR)
def transcript(person_id: int) -> Response:
    db = get_session()
    person = db.get(Person, person_id)
    if person is None:
        abort(404)
    now = utcnow()
    exports.record_transcript(db, current_user, person, now)
    return transcript_response(db, person_id, now.date())
