"""The audit-log page and its CSV/XLSX export, for HR and administrators."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from datetime import date
from typing import IO
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from lms.audit.actions import ACTION_LABELS, action_label
from lms.audit.describe import sentence
from lms.audit.export import audit_sheet
from lms.audit.log import EXPORT_ACTION, SYSTEM, AuditFilters, audit_page
from lms.audit.names import find_names
from lms.audit.record import audit
from lms.auth.access import require_roles
from lms.db import Database, get_database, get_session, utcnow, write_step
from lms.errors import ValidationError
from lms.files.sheet_writer import Sheet, csv_bytes, write_xlsx
from lms.models import Person, Role
from lms.web.downloads import content_disposition
from lms.web.export_locale import (
    SEPARATOR_CHOICES,
    ExportLocale,
    export_locale,
    sheet_in,
)
from lms.web.numbers import MAX_ID, MAX_PAGE, parse_positive_int
from lms.web.redirects import moved_to

bp = Blueprint("audit", __name__)

MANAGERS = (Role.HR.value, Role.ADMIN.value)
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CHUNK = 64 * 1024


def _day(args: Mapping[str, str], name: str) -> date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _l("Enter the date as YYYY-MM-DD, e.g. 2026-03-31."), name
        ) from None


def parse_filters(args: Mapping[str, str], zone: ZoneInfo) -> AuditFilters:
    """The page's filters from the query string; ValidationError for bad dates."""
    who = (args.get("actor") or "").strip()
    actor: int | str | None = (
        SYSTEM if who == SYSTEM else parse_positive_int(who, MAX_ID)
    )
    since, until = _day(args, "from"), _day(args, "to")
    if since and until and since > until:
        raise ValidationError(_l("The start of the period is after its end."), "from")
    return AuditFilters(
        actor, (args.get("action") or "").strip() or None, since, until, zone
    )


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _actions(found: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every action a reader may pick, by its name in their language."""
    codes = set(ACTION_LABELS) | set(found)
    return sorted(((code, action_label(code)) for code in codes), key=lambda p: p[1])


@bp.route("/audit")
@require_roles(*MANAGERS)
def log() -> tuple[str, int]:
    db = get_session()
    status, error = 200, None
    try:
        filters = parse_filters(request.args, _zone())
    except ValidationError as exc:
        status, error = 400, str(exc)
        filters = AuditFilters(zone=_zone())
    page = parse_positive_int(request.args.get("page"), MAX_PAGE) or 1
    found = audit_page(db, filters, page)
    names = find_names(db, found.lines, str(get_locale() or "en"))
    return render_template(
        "audit/log.html",
        log=found,
        sentences=[sentence(line, names) for line in found.lines],
        filters=filters,
        actions=_actions(found.actions),
        query=filters.details(),
        error=error,
        action_label=action_label,
        separators=SEPARATOR_CHOICES,
        system=SYSTEM,
    ), status


@bp.route("/audit.csv")
@require_roles(*MANAGERS)
def csv() -> BaseResponse | tuple[str, int]:
    return _download("csv")


@bp.route("/audit.xlsx")
@require_roles(*MANAGERS)
def xlsx() -> BaseResponse | tuple[str, int]:
    return _download("xlsx")


def _download(fmt: str) -> BaseResponse | tuple[str, int]:
    """The filtered entries as a file in the reader's language; else the page."""
    try:
        filters = parse_filters(request.args, _zone())
        where = export_locale(
            str(get_locale() or "en"), request.args.get("separator") or None
        )
    except ValidationError:
        return log()
    db = get_session()
    now = utcnow()
    actor: Person = current_user._get_current_object()
    with write_step(db):  # a download (GET) audits itself in a step of its own
        audit(
            db,
            actor,
            EXPORT_ACTION,
            "audit log",
            details={"format": fmt, **filters.details()},
            now=now,
        )
    name = f"audit-log-{now.date().isoformat()}.{fmt}"
    headers = {
        "Content-Disposition": content_disposition(name),
        "Cache-Control": "private, no-store",
    }
    if fmt == "csv":
        body = _csv(get_database(), filters, where)
        return Response(
            stream_with_context(body), mimetype=MEDIA_TYPES[fmt], headers=headers
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by _file_chunks)
    try:
        with get_database().read_sessionmaker() as session:
            write_xlsx(spool, [_sheet(session, filters, where)])
    except BaseException:
        spool.close()
        raise
    headers["Content-Length"] = str(spool.tell())
    return Response(_file_chunks(spool), mimetype=MEDIA_TYPES[fmt], headers=headers)


def _sheet(session: Session, filters: AuditFilters, where: ExportLocale) -> Sheet:
    return sheet_in(where.language, lambda: audit_sheet(session, filters, where))


def _csv(
    database: Database, filters: AuditFilters, where: ExportLocale
) -> Iterator[bytes]:
    """Rows read while the response streams, through a session of their own.

    They are read after the request's commit (lms.db), so the export's own
    entry is in the file. Closing the response closes the generator and so
    the session.
    """
    with database.read_sessionmaker() as session:
        sheet = _sheet(session, filters, where)
        yield from csv_bytes(sheet.header, sheet.rows, where.style)


def _file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            yield chunk


@bp.route("/hr/people/audit")
@require_roles(*MANAGERS)
def old_log() -> BaseResponse:
    return moved_to("audit.log")


@bp.route("/hr/people/audit.csv")
@require_roles(*MANAGERS)
def old_csv() -> BaseResponse:
    return moved_to("audit.csv")
