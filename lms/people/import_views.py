"""HR people pages: import from CSV/XLSX with a preview step."""

from __future__ import annotations

import base64
import binascii
import json
import posixpath
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.wrappers import Response as BaseResponse

from lms.auth.access import require_roles
from lms.auth.services import TOKEN_LIFETIME
from lms.db import get_session, utcnow
from lms.extensions import csrf
from lms.files.smtp import MailError, MailReport, SmtpSettings
from lms.i18n import select_locale
from lms.jobs import services as job_services
from lms.jobs.api import kind_of
from lms.models import Person, Role
from lms.people.import_labels import (
    TEMPLATE_FORMATS,
    column_label,
    problem_text,
    template_file,
)
from lms.people.importing import (
    all_problems,
    import_confirmed,
    import_people,
    mark_invited,
    preview_rows,
    problems_of,
    read_upload,
)
from lms.people.mail import Sender, send_password_links

bp = Blueprint("hr_people", __name__, url_prefix="/hr/people")
F = TypeVar("F", bound=Callable[..., Any])

MANAGERS = (Role.HR.value, Role.ADMIN.value)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PAYLOAD_SALT = "people-import"
PAYLOAD_MAX_AGE = 3600  # seconds between upload and confirmation
# The checked file travels back in a signed hidden field. Base64 and signing make a
# 5 MB file at most about 9 MB: far over Flask's 500 kB default for a form field.
MAX_PAYLOAD_FORM_BYTES = 12 * 1024 * 1024
PREVIEW_ROW_LIMIT = 2000
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LINK_TABLE_LIMIT = 500


def _csrf_checked_in_view(view: F) -> F:
    """Skip the early CSRF check: it would parse the form before the view can
    raise the size limit for the signed file. _signed_file checks CSRF itself."""
    exempt: F = csrf.exempt(view)
    return exempt


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=PAYLOAD_SALT)


def _actor() -> Person:
    person: Person = current_user._get_current_object()
    return person


@bp.route("/import", methods=["GET", "POST"])
@require_roles(*MANAGERS)
def import_file() -> str | tuple[str, int]:
    if request.method == "GET":
        return render_template("hr/people_import.html", error=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        error = _("Choose a CSV or XLSX file.")
    else:
        data = upload.stream.read(MAX_UPLOAD_BYTES + 1)
        if len(data) <= MAX_UPLOAD_BYTES:
            return _preview(data, _file_name(upload.filename), skip=False)
        error = _("The file is larger than 5 MB. Split it, or use the command line.")
    return render_template("hr/people_import.html", error=error), 400


@bp.route("/import/preview", methods=["POST"])
@_csrf_checked_in_view
@require_roles(*MANAGERS)
def preview() -> str | tuple[str, int] | BaseResponse:
    signed = _signed_file()
    if isinstance(signed, BaseResponse):
        return signed
    data, filename = signed
    skip = request.form.get("skip") == "1"
    if not skip:
        # The only way on from a preview with bad rows is to leave them out.
        error = _(
            "Tick the box to leave out the rows with problems,"
            " or upload a corrected file."
        )
        return _preview(data, filename, skip=False, skip_error=error, status=400)
    return _preview(data, filename, skip=True)


@bp.route("/import/confirm", methods=["POST"])
@_csrf_checked_in_view
@require_roles(*MANAGERS)
def confirm() -> str | tuple[str, int] | BaseResponse:
    started = time.monotonic()
    signed = _signed_file()
    if isinstance(signed, BaseResponse):
        return signed
    data, filename = signed
    skip = request.form.get("skip") == "1"
    db = get_session()
    upload = read_upload(data, filename)
    if upload.fatal:
        abort(400)  # the preview offers no confirmation for such a file
    limit = int(current_app.config.get("LMS_IMPORT_JOB_THRESHOLD") or 0)
    if limit and len(upload.rows) > limit:
        # A large file is imported by a worker; HR follows it on the job page.
        job = job_services.submit(
            db,
            import_confirmed,
            owner=_actor(),
            key=request.form.get("job_key"),
            params={
                "data": base64.b64encode(data).decode("ascii"),
                "filename": filename,
                "skip": skip,
                "actor_id": _actor().id,
            },
        )
        return redirect(url_for("jobs.show", public_id=job.public_id))
    result = import_people(
        db,
        _actor(),
        upload.rows,
        utcnow(),
        dry_run=False,
        columns=upload.columns,
        source=filename,
        file_problems=upload.problems,
    )
    problems = all_problems(upload.problems, result.problems)
    if problems and not skip:
        db.rollback()
        notice = _("Nothing was imported: some rows have problems. Check them below.")
        return _preview(data, filename, skip=False, notice=notice, status=409)
    # url_for once, not per person: 50,000 calls cost seconds. Tokens are URL-safe.
    path = url_for("auth.set_password", token="-")  # noqa: S106  (a placeholder)
    link = current_app.config["LMS_BASE_URL"] + path
    links = [
        (person, link[:-1] + person.token)
        for person in result.new_people
        if person.token
    ]
    mail_report, mail_error = _mail(links)
    if mail_report is not None and mail_report.sent:
        mark_invited(db, mail_report.sent, utcnow())
    page = render_template(
        "hr/people_done.html",
        filename=filename,
        result=result,
        links=links,
        # A table of thousands of links is slow to render and to use: one text.
        links_text="\n".join(f"{person.email} {link}" for person, link in links)
        if len(links) > LINK_TABLE_LIMIT
        else "",
        skipped=sorted({problem.row for problem in problems}),
        mail_configured=_smtp_configured(),
        seconds=format_decimal(time.monotonic() - started, format="0.0"),
        mail_report=mail_report,
        mail_error=mail_error,
        valid_days=TOKEN_LIFETIME.days,
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"  # the links are secrets
    return response


@bp.route("/import/jobs/<public_id>")
@require_roles(*MANAGERS)
def import_result(public_id: str) -> str | BaseResponse:
    """The result of an import that ran as a job (its owner only)."""
    job = job_services.visible_job(get_session(), _actor(), public_id)
    if job is None or job.kind != kind_of(import_confirmed):
        abort(404)
    if not job_services.has_result(job) or job.result is None:
        return redirect(url_for("jobs.show", public_id=public_id))
    summary = json.loads(job.result)
    return render_template(
        "hr/people_job_done.html",
        summary=summary,
        problems=problems_of(summary),
        problem_text=problem_text,
        column_label=column_label,
    )


@bp.route("/import/template.<kind>")
@require_roles(*MANAGERS)
def template(kind: str) -> BaseResponse:
    """An empty people file with the column headers in the reader's language."""
    if kind not in TEMPLATE_FORMATS:
        abort(404)
    language = select_locale()
    response = make_response(template_file(kind, language))
    response.mimetype = MEDIA_TYPES[kind]
    name = str(_("people-template"))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _file_name(name: str) -> str:
    return posixpath.basename(name.replace("\\", "/"))[-100:] or "people"


def _preview(
    data: bytes,
    filename: str,
    *,
    skip: bool,
    notice: str | None = None,
    status: int = 200,
    skip_error: str | None = None,
) -> tuple[str, int]:
    upload = read_upload(data, filename)
    result = None
    if not upload.fatal:
        result = import_people(
            get_session(),
            _actor(),
            upload.rows,
            utcnow(),
            dry_run=True,
            columns=upload.columns,
            source=filename,
        )
    problems = all_problems(upload.problems, result.problems if result else ())
    rows = preview_rows(upload, result, problems)
    payload = {
        "name": filename,
        "data": base64.b64encode(data).decode("ascii"),
        "by": _actor().id,
    }
    page = render_template(
        "hr/people_preview.html",
        filename=filename,
        upload=upload,
        result=result,
        problems=problems,
        bad_rows=sorted({row.row for row in rows if row.problems}),
        rows=rows[:PREVIEW_ROW_LIMIT],
        hidden_rows=max(0, len(rows) - PREVIEW_ROW_LIMIT),
        skip=skip,
        payload=_serializer().dumps(payload),
        notice=notice,
        skip_error=skip_error,
        problem_text=problem_text,
        column_label=column_label,
    )
    return page, status


def _signed_file() -> tuple[bytes, str] | BaseResponse:
    """The file a preview page signed; 400 for anything tampered with."""
    request.max_form_memory_size = MAX_PAYLOAD_FORM_BYTES
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    try:
        payload: Any = _serializer().loads(
            request.form.get("payload", ""), max_age=PAYLOAD_MAX_AGE
        )
    except SignatureExpired:
        flash(_("The preview has expired. Please upload the file again."), "error")
        return redirect(url_for("hr_people.import_file"))
    except BadSignature:
        abort(400)
    if not isinstance(payload, dict) or payload.get("by") != _actor().id:
        abort(400)  # signed for someone else
    try:
        data = base64.b64decode(str(payload["data"]), validate=True)
    except (KeyError, binascii.Error):
        abort(400)
    return data, str(payload.get("name") or "people")


def _mail(
    links: list[tuple[Any, str]],
) -> tuple[MailReport | None, str | None]:
    try:
        settings = SmtpSettings.from_config(current_app.config)
        if settings is None or not links:
            return None, None
        people = [
            (person.email, person.name, person.language, link) for person, link in links
        ]
        return send_password_links(
            settings,
            people,
            TOKEN_LIFETIME.days,
            utcnow(),
            Sender.from_config(current_app.config),
        ), None
    except MailError as error:
        current_app.logger.warning("set-password e-mails not sent: %s", error)
        return None, str(error)


def _smtp_configured() -> bool:
    try:
        return SmtpSettings.from_config(current_app.config) is not None
    except MailError:
        return False
