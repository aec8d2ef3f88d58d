"""Certificate pages: mine, downloads, public verification, HR actions."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from lms.auth.access import public, require_roles
from lms.certify import bulk, services
from lms.certify.issuing import publishing
from lms.certify.localtime import local_day
from lms.certify.queries import renewal_opens, status_of
from lms.certify.verifying import UploadVerdict, check_upload, status_on
from lms.content.titles import course_titles
from lms.db import get_session, utcnow
from lms.errors import NotFound, ValidationError
from lms.jobs.api import Scope
from lms.jobs.services import submit
from lms.models import Certificate, Course, Role
from lms.web.downloads import content_disposition
from lms.web.formatting import local_today
from lms.web.numbers import parse_positive_int
from lms.web.ratelimit import rate_limit

bp = Blueprint("certify", __name__)
# `{{ certificate|status_on(day) }}` in the certificate lists.
bp.add_app_template_filter(status_of, "status_on")

MAX_UPLOAD = 5 * 1024 * 1024
HR = (Role.HR.value, Role.ADMIN.value)


def _language() -> str:
    return str(get_locale() or "en")


def pdf_response(certificate: Certificate) -> Response:
    filename = f"{certificate.number}_{certificate.holder_name}.pdf"
    response = Response(certificate.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(
        filename, fallback="certificate"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/certificates")
@require_roles()
def mine() -> str:
    db = get_session()
    certificates = services.certificates_of(db, current_user)
    return render_template(
        "certify/mine.html",
        certificates=certificates,
        today=local_today(),
        renewal_opens=renewal_opens,
    )


@bp.route("/certificates/<number>.pdf")
@require_roles()
def download(number: str) -> Response:
    try:
        certificate = services.own_certificate(get_session(), current_user, number)
    except NotFound:
        abort(404)
    return pdf_response(certificate)


@bp.route("/verify", methods=["GET", "POST"])
@public
@rate_limit("LMS_VERIFY_LIMIT", "verify", methods=["POST"])
def verify() -> str | tuple[str, int]:
    if request.method == "GET":
        return render_template("certify/verify.html", error=None)
    db = get_session()
    upload = request.files.get("pdf")
    if upload and upload.filename:
        data = upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return render_template(
                "certify/verify.html", error=_("The file is too large.")
            ), 400
        verdict = check_upload(db, data)
        if verdict.certificate is None:
            message = _(
                "This file is not identical to any certificate we issued, and it "
                "carries no verification code we know."
            )
            return render_template("certify/verify.html", error=message), 404
        return _show(verdict.certificate, by_file=True, verdict=verdict)
    code = request.form.get("code", "")
    if not code.strip():
        return render_template(
            "certify/verify.html", error=_("Enter a code or choose a PDF file.")
        ), 400
    return _verify_code(code)


@bp.route("/verify/<code>")
@public
@rate_limit("LMS_VERIFY_LIMIT", "verify")
def verify_code(code: str) -> str | tuple[str, int]:
    return _verify_code(code)


def _verify_code(code: str) -> str | tuple[str, int]:
    certificate = services.find_by_code(get_session(), code)
    if certificate is None:
        message = _("No certificate has this code. Check the code for typing errors.")
        return render_template("certify/verify.html", error=message), 404
    return _show(certificate, by_file=False)


def _show(
    certificate: Certificate, by_file: bool, verdict: UploadVerdict | None = None
) -> str | tuple[str, int]:
    """The facts an auditor needs, and the answer for ``?on=<date>``."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    asked = request.args.get("on", "").strip()
    on_day: date | None = None
    on_error = None
    if asked:
        try:
            on_day = date.fromisoformat(asked)
        except ValueError:
            on_error = _("Enter the date as YYYY-MM-DD, for example 2026-05-01.")
    successor = (
        get_session().get(Certificate, certificate.superseded_by_id)
        if certificate.superseded_by_id
        else None
    )
    page = render_template(
        "certify/verified.html",
        certificate=certificate,
        status=status_of(certificate, local_today()),
        by_file=by_file,
        verdict=verdict,
        organisation=publishing().organisation,
        fingerprint=publishing().identity.fingerprint,
        successor=successor,
        revoked_on=local_day(certificate.revoked_at, zone)
        if certificate.revoked_at
        else None,
        superseded_on=local_day(certificate.superseded_at, zone)
        if certificate.superseded_at
        else None,
        asked=asked,
        on_day=on_day,
        on_status=status_on(certificate, on_day, zone) if on_day else None,
        on_error=on_error,
    )
    return (page, 400) if on_error else page


@bp.route("/hr/certificates")
@require_roles(*HR)
def hr_list() -> str:
    query = request.args.get("q", "").strip()
    statement = select(Certificate).order_by(Certificate.issued_at.desc()).limit(200)
    if query:
        like = f"%{query}%"
        statement = statement.where(
            Certificate.holder_name.ilike(like) | Certificate.number.ilike(like)
        )
    session = get_session()
    certificates = session.scalars(statement).all()
    counts = bulk.count_current(session)
    titles = course_titles(session, _language(), list(counts))
    return render_template(
        "certify/hr_list.html",
        certificates=certificates,
        query=query,
        today=local_today(),
        courses=sorted(
            (
                (course_id, titles.get(course_id, "?"), count)
                for course_id, count in counts.items()
            ),
            key=lambda row: row[1].casefold(),
        ),
    )


@bp.route("/hr/certificates/reissue-course", methods=["GET", "POST"])
@require_roles(*HR)
def reissue_course() -> BaseResponse | str:
    """Confirm (GET), then start the job (POST) and show its page."""
    session = get_session()
    course_id = parse_positive_int(request.values.get("course"), 2**31 - 1)
    course = session.get(Course, course_id) if course_id else None
    if course is None:
        abort(404)
    if request.method == "GET":
        return render_template(
            "certify/reissue_course.html",
            course=course,
            title=course_titles(session, _language(), [course.id]).get(
                course.id, course.slug
            ),
            count=bulk.count_current(session).get(course.id, 0),
        )
    job = submit(
        session,
        bulk.reissue_course,
        owner=current_user,
        key=request.form.get("job_key"),
        params={
            "course_id": course.id,
            "actor_id": current_user.id,
            "before": utcnow().isoformat(),
        },
        scope=Scope.HR,
    )
    return redirect(url_for("jobs.show", public_id=job.public_id))


def _by_number(number: str) -> Certificate:
    certificate = get_session().scalar(
        select(Certificate).where(Certificate.number == number)
    )
    if certificate is None:
        abort(404)
    return certificate


@bp.route("/hr/certificates/<number>")
@require_roles(*HR)
def hr_detail(number: str) -> str:
    certificate = _by_number(number)
    return render_template(
        "certify/hr_detail.html",
        certificate=certificate,
        status=status_of(certificate, local_today()),
        errors={},
    )


@bp.route("/hr/certificates/<number>.pdf")
@require_roles(*HR)
def hr_download(number: str) -> Response:
    return pdf_response(_by_number(number))


@bp.route("/hr/certificates/<number>/revoke", methods=["POST"])
@require_roles(*HR)
def revoke(number: str) -> BaseResponse | tuple[str, int]:
    db = get_session()
    certificate = _by_number(number)
    try:
        services.revoke(
            db,
            current_user,
            certificate,
            request.form.get("reason", ""),
            utcnow(),
            publish_reason=request.form.get("publish_reason") == "yes",
        )
    except ValidationError:
        return _detail_error(certificate, "reason", _("Give a reason."))
    flash(_("Certificate %(number)s is revoked.", number=number), "success")
    return redirect(url_for("certify.hr_detail", number=number))


@bp.route("/hr/certificates/<number>/reissue", methods=["POST"])
@require_roles(*HR)
def reissue(number: str) -> BaseResponse | tuple[str, int]:
    db = get_session()
    certificate = _by_number(number)
    try:
        new = services.reissue(
            db,
            current_user,
            certificate,
            request.form.get("holder_name", ""),
            request.form.get("reason", ""),
            utcnow(),
            base_url=current_app.config["LMS_BASE_URL"],
            template_dir=publishing().press,
            time_zone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        )
    except ValidationError as error:
        messages = {
            "holder_name": _("Enter the name as it should appear."),
            "reason": _("Give a reason, and re-issue only a current certificate."),
        }
        return _detail_error(
            certificate, error.field or "reason", messages[error.field or "reason"]
        )
    flash(
        _("Certificate %(number)s replaces %(old)s.", number=new.number, old=number),
        "success",
    )
    return redirect(url_for("certify.hr_detail", number=new.number))


def _detail_error(
    certificate: Certificate, field: str, message: str
) -> tuple[str, int]:
    get_session().rollback()
    page = render_template(
        "certify/hr_detail.html",
        certificate=certificate,
        status=status_of(certificate, local_today()),
        errors={field: message},
    )
    return page, 400
