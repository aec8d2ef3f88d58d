"""Catalog pages: courses, course overview, module, lesson, completion, assets."""

from __future__ import annotations

from collections.abc import Mapping

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
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from lms.auth.access import require_roles
from lms.catalog import exercises, journey, services
from lms.catalog.completion import claimable, issue_if_due
from lms.catalog.player import lesson_key
from lms.certify.queries import current_certificate, renewal_opens, status_of
from lms.content.urls import lesson_url
from lms.db import get_session, utcnow
from lms.errors import NotFound, ValidationError
from lms.models import Asset, Course
from lms.web.formatting import local_today
from lms.web.security import ASSET_CONTENT_SECURITY_POLICY

bp = Blueprint("catalog", __name__)

ASSET_MAX_AGE = 365 * 24 * 3600


@bp.route("/courses")
@require_roles()
def index() -> str:
    courses = journey.my_players(get_session(), current_user)
    return render_template("catalog/index.html", courses=courses)


@bp.route("/courses/<course>")
@require_roles()
def course(course: str) -> str:
    db = get_session()
    try:
        structure, progress, player = journey.course_player(db, current_user, course)
    except NotFound:
        abort(404)
    today = local_today()
    certificate = current_certificate(db, current_user.id, structure.id or 0)
    return render_template(
        "catalog/course.html",
        course=structure,
        progress=progress,
        player=player,
        certificate=certificate,
        certificate_state=status_of(certificate, today) if certificate else None,
        claimable=_claimable(db, structure.id or 0),
        today=today,
        renewal_opens=renewal_opens(certificate) if certificate else None,
    )


@bp.route("/courses/<course>/certificate")
@require_roles()
def completed(course: str) -> str:
    """The course's completion page: the certificate's download and verify links,
    or what is still missing. Only reads: the POST beside it issues."""
    db = get_session()
    try:
        structure, progress, player = journey.course_player(db, current_user, course)
    except NotFound:
        abort(404)
    today = local_today()
    certificate = current_certificate(db, current_user.id, structure.id or 0)
    state = status_of(certificate, today) if certificate else None
    return render_template(
        "catalog/completed.html",
        course=structure,
        progress=progress,
        player=player,
        certificate=certificate if state == "valid" else None,
        certificate_state=state,
        claimable=_claimable(db, structure.id or 0),
        renewal_opens=renewal_opens(certificate) if certificate else None,
        # The address printed on the certificate (certify.services).
        verify_url=(
            f"{current_app.config['LMS_BASE_URL']}/verify/"
            f"{certificate.verification_code}"
            if certificate
            else None
        ),
    )


def _claimable(db: Session, course_id: int) -> bool:
    course = db.get(Course, course_id)
    return course is not None and claimable(db, current_user, course)


@bp.route("/courses/<course>/certificate", methods=["POST"])
@require_roles()
def claim_certificate(course: str) -> BaseResponse:
    db = get_session()
    row = db.scalar(select(Course).where(Course.slug == course))
    if row is None or not row.published:
        abort(404)
    if issue_if_due(db, current_user, row.id, utcnow()):
        flash(_("You have earned your certificate."), "success")
    return redirect(url_for("catalog.completed", course=course))


@bp.route("/courses/<course>/<module>")
@require_roles()
def module(course: str, module: str) -> str:
    try:
        structure, progress, player = journey.course_player(
            get_session(), current_user, course
        )
    except NotFound:
        abort(404)
    item = structure.module(module)
    if item is None:
        abort(404)
    return render_template(
        "catalog/module.html",
        course=structure,
        module=item,
        progress=progress,
        player=player,
    )


@bp.route("/courses/<course>/<module>/<lesson>")
@require_roles()
def lesson(course: str, module: str, lesson: str) -> str:
    db = get_session()
    try:
        view = services.view_lesson(db, current_user, course, module, lesson, utcnow())
    except NotFound:
        abort(404)
    return _lesson_page(db, view)


def _lesson_page(
    db: Session,
    view: services.LessonView,
    errors: Mapping[str, str] | None = None,
    drafts: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    answers = exercises.saved_answers(db, current_user.id, view.lesson.id or 0)
    player = journey.player_for(db, current_user, view.course)
    key = lesson_key(view.module_slug, view.lesson.slug)
    return render_template(
        "catalog/lesson.html",
        view=view,
        player=player,
        lesson_key=key,
        next_step=player.after(key),
        answers=answers,
        exercise_errors=errors or {},
        drafts=drafts or {},
    )


@bp.route("/courses/<course>/<module>/<lesson>/exercises/<key>", methods=["POST"])
@require_roles()
def save_exercise(
    course: str, module: str, lesson: str, key: str
) -> BaseResponse | tuple[str, int]:
    db = get_session()
    choice, text = request.form.get("choice"), request.form.get("text")
    try:
        exercises.save_answer(
            db, current_user, course, module, lesson, key,
            choice=choice, text=text, now=utcnow(),
        )  # fmt: skip
    except NotFound:
        abort(404)
    except ValidationError as error:
        # The page again, with the message and what the learner wrote.
        view = services.view_lesson(db, current_user, course, module, lesson, utcnow())
        draft = {"choice": choice or "", "text": text or ""}
        return _lesson_page(db, view, {key: str(error)}, {key: draft}), 400
    flash(_("Your answer is saved. Compare it with the model answer."), "success")
    return redirect(lesson_url(course, module, lesson, f"exercise-{key}"))


@bp.route("/courses/<course>/<module>/<lesson>/complete", methods=["POST"])
@require_roles()
def complete(course: str, module: str, lesson: str) -> BaseResponse:
    db = get_session()
    try:
        view = services.complete_lesson(
            db, current_user, course, module, lesson, utcnow()
        )
    except NotFound:
        abort(404)
    issue_if_due(db, current_user, view.course.id or 0, utcnow())
    if request.form.get("go") != "next":
        return redirect(view.lesson.url)
    player = journey.player_for(db, current_user, view.course)
    following = player.after(lesson_key(module, lesson))
    if following is not None:
        return redirect(following.url)
    if player.complete:
        return redirect(url_for("catalog.completed", course=course))
    return redirect(view.course.url)


@bp.route("/content/<course>/<path:path>")
@require_roles()
def asset(course: str, path: str) -> BaseResponse:
    db = get_session()
    row = db.execute(
        select(Asset.data, Asset.media_type, Asset.sha256)
        .join(Course, Course.id == Asset.course_id)
        .where(Course.slug == course, Asset.path == path)
    ).first()
    if row is None:
        abort(404)
    data, media_type, sha256 = row
    response = Response(data, mimetype=media_type)
    response.set_etag(sha256)
    # Private: course material is for logged-in staff, not shared caches.
    response.headers["Cache-Control"] = f"private, max-age={ASSET_MAX_AGE}"
    response.headers["Content-Security-Policy"] = ASSET_CONTENT_SECURITY_POLICY
    return response.make_conditional(request)
