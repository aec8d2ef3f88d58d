"""The audit-log page and its CSV export, for HR and administrators."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from lms.audit.actions import action_label
from lms.audit.log import CSV_HEADER, EXPORT_ACTION, audit_csv_rows, audit_page
from lms.audit.record import audit
from lms.auth.access import require_roles
from lms.db import Database, get_database, get_session, utcnow, write_step
from lms.files.sheet_writer import csv_bytes
from lms.models import Person, Role
from lms.web.downloads import content_disposition
from lms.web.numbers import MAX_PAGE, parse_positive_int
from lms.web.redirects import moved_to

bp = Blueprint("audit", __name__)

MANAGERS = (Role.HR.value, Role.ADMIN.value)


@bp.route("/audit")
@require_roles(*MANAGERS)
def log() -> str:
    action = request.args.get("action", "").strip() or None
    page = parse_positive_int(request.args.get("page"), MAX_PAGE) or 1
    return render_template(
        "audit/log.html",
        log=audit_page(get_session(), action, page),
        action=action,
        action_label=action_label,
    )


@bp.route("/audit.csv")
@require_roles(*MANAGERS)
def csv() -> Response:
    action = request.args.get("action", "").strip() or None
    db = get_session()
    now = utcnow()
    actor: Person = current_user._get_current_object()
    with write_step(db):  # a download (GET) audits itself in a step of its own
        audit(
            db,
            actor,
            EXPORT_ACTION,
            "audit log",
            details={"format": "csv", "action": action or "all"},
            now=now,
        )
    rows = _audit_rows(get_database(), action)
    name = f"audit-log-{now.date().isoformat()}.csv"
    return Response(
        csv_bytes(CSV_HEADER, rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": content_disposition(name),
            "Cache-Control": "no-store",
        },
    )


def _audit_rows(database: Database, action: str | None) -> Iterator[tuple[object, ...]]:
    """Rows read while the response streams, through a session of their own.

    They are read after the request's commit (lms.db), so the export's own
    entry is in the file. Closing the response closes the generator and so
    the session.
    """
    with database.read_sessionmaker() as session:
        yield from audit_csv_rows(session, action)


@bp.route("/hr/people/audit")
@require_roles(*MANAGERS)
def old_log() -> BaseResponse:
    return moved_to("audit.log")


@bp.route("/hr/people/audit.csv")
@require_roles(*MANAGERS)
def old_csv() -> BaseResponse:
    return moved_to("audit.csv")
