"""HR exports: CSV, XLSX, ZIP of certificate PDFs, transcripts, API tokens."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from lms.api import tokens as api_tokens
from lms.auth.access import require_roles
from lms.db import get_session, utcnow
from lms.errors import LmsError, NotFound, ValidationError
from lms.files.sheet_writer import csv_bytes, write_xlsx
from lms.files.zipstream import safe_name_part, stream_zip
from lms.hr.reports import kinds as exports
from lms.hr.reports.transcript import build_transcript, transcript_pdf
from lms.models import Course, CourseText, Department, Person, Role

bp = Blueprint("hr_export", __name__, url_prefix="/hr/exports")

HR = (Role.HR.value, Role.ADMIN.value)
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
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


def _download(body: Iterator[bytes] | bytes, fmt: str, name: str) -> Response:
    response = Response(body, mimetype=MEDIA_TYPES.get(fmt, "application/pdf"))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            yield chunk


def _choices() -> dict[str, object]:
    """Courses and departments for the filter selects."""
    db = get_session()
    courses = db.execute(
        select(Course.slug, CourseText.title)
        .join(
            CourseText,
            (CourseText.course_id == Course.id)
            & (CourseText.language == Course.language),
        )
        .order_by(CourseText.title)
    ).all()
    departments = db.scalars(select(Department.name).order_by(Department.name)).all()
    return {
        "courses": courses,
        "departments": departments,
        "certificate_statuses": exports.CERTIFICATE_STATUSES,
        "today": utcnow().date(),
    }


@bp.route("/")
@require_roles(*HR)
def index() -> str:
    return render_template(
        "hr/exports.html", errors={}, kind=None, values={}, **_choices()
    )


@bp.route("/<kind>")
@require_roles(*HR)
def download(kind: str) -> Response | tuple[str, int]:
    if kind not in exports.KINDS:
        abort(404)
    db = get_session()
    now = utcnow()
    today = now.date()
    fmt = request.args.get("format", "csv")
    try:
        filters = exports.find_filters(
            db,
            course=request.args.get("course") or None,
            department=request.args.get("department") or None,
            status=request.args.get("status") or None,
            as_of=exports.parse_day(request.args.get("as_of")),
        )
        exports.check_export(kind, fmt, filters, today)
    except ValidationError as exc:
        errors = {exc.field or "format": str(exc)}
        page = render_template(
            "hr/exports.html",
            errors=errors,
            kind=kind,
            values=request.args,
            **_choices(),
        )
        return page, 400
    exports.record_export(db, current_user, kind, fmt, filters, now)
    name = exports.file_name(kind, fmt, filters, today)
    if fmt == "zip":
        members = exports.certificate_members(db, filters, today)
        return _download(
            stream_with_context(_closing(stream_zip(members), db)), fmt, name
        )
    sheet = exports.build_sheet(db, kind, filters, today)
    if fmt == "csv":
        body = csv_bytes(sheet.header, sheet.rows)
        return _download(stream_with_context(_closing(body, db)), fmt, name)
    # XlsxWriter needs a seekable file; a temporary one keeps memory flat.
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by _file_chunks)
    try:
        write_xlsx(spool, [sheet])
    except BaseException:
        spool.close()
        raise
    response = _download(_file_chunks(spool), fmt, name)
    response.headers["Content-Length"] = str(spool.tell())
    return response


def _transcript_response(person_id: int) -> Response:
    db = get_session()
    today = utcnow().date()
    try:
        transcript = build_transcript(db, person_id, today)
    except NotFound:
        abort(404)
    html = render_template("hr/transcript.html", transcript=transcript)
    pdf = transcript_pdf(html, Path(current_app.config["LMS_CERTIFICATE_DIR"]))
    name = f"transcript_{safe_name_part(transcript.name)}_{today.isoformat()}.pdf"
    return _download(pdf, "pdf", name)


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
    exports.record_transcript(db, current_user, person, utcnow())
    return _transcript_response(person_id)


@bp.route("/me/transcript.pdf")
@require_roles()
def my_transcript() -> Response:
    return _transcript_response(current_user.id)


@bp.route("/tokens", methods=["GET", "POST"])
@require_roles(Role.ADMIN.value)
def tokens() -> str | tuple[str, int]:
    db = get_session()
    new_token = None
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            new_token = api_tokens.create_token(
                db, current_user, request.form.get("name", ""), utcnow()
            )
            db.commit()
        except LmsError as exc:
            db.rollback()
            errors[getattr(exc, "field", None) or "name"] = str(exc)
            status = 400
    return render_template(
        "hr/tokens.html",
        tokens=api_tokens.list_tokens(db),
        new_token=new_token,
        errors=errors,
        values=request.form,
    ), status


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@require_roles(Role.ADMIN.value)
def revoke_token(token_id: int) -> BaseResponse:
    db = get_session()
    try:
        token = api_tokens.revoke_token(db, current_user, token_id, utcnow())
    except NotFound:
        abort(404)
    db.commit()
    flash(_("The token %(name)s was revoked.", name=token.name), "success")
    return redirect(url_for("hr_export.tokens"))
