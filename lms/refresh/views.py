"""The learner's refresher pages: start, the questions with immediate feedback,
and the one-click opt-out of its e-mails."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import TypeVar

from flask import (
    Blueprint,
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
from werkzeug.wrappers import Response

from lms.auth.access import public, require_roles
from lms.db import get_session, utcnow
from lms.errors import NotFound
from lms.extensions import csrf
from lms.models import Course, RefresherSession
from lms.quiz.engine.grading import InvalidResponse
from lms.quiz.engine.paper import (
    QuestionView,
    paper,
    response_from_fields,
    to_bank_ids,
)
from lms.quiz.engine.review import ReviewItem, build_review
from lms.refresh import optout, services
from lms.refresh.links import lesson_link
from lms.refresh.questions import drawn
from lms.web.formatting import local_today

bp = Blueprint("refresh", __name__)
F = TypeVar("F", bound=Callable[..., object])


def _secret(row: RefresherSession) -> bytes:
    secret = current_app.secret_key or ""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"refresher:{row.public_id}".encode(), hashlib.sha256).digest()


@bp.route("/refreshers/<course_slug>/start", methods=["POST"])
@require_roles()
def start(course_slug: str) -> Response:
    db = get_session()
    course = db.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        abort(404)
    try:
        row = services.start_refresher(
            db, current_user, course, local_today(), utcnow()
        )
    except NotFound:
        flash(_("There is no refresher for you in this course right now."), "info")
        return redirect(url_for("home.learning"))
    return redirect(url_for("refresh.show", public_id=row.public_id))


Item = tuple[str, QuestionView | None, ReviewItem | None, str | None]


def _items(row: RefresherSession, course: Course) -> list[Item]:
    """Per question: its key, the form view (unanswered) or the feedback."""
    db = get_session()
    answers = services.answers_of(db, row)
    items: list[Item] = []
    for number, key in enumerate(services.question_keys(row), start=1):
        question = services.resolve(db, course, key, current_user.language, _)
        if question is None:
            continue
        shown = drawn(question, row.seed)
        answer = answers.get(key)
        if answer is None:
            view = paper([shown], _secret(row))[0]
            assert isinstance(view, QuestionView)  # noqa: S101 - one question drawn
            view = view.__class__(**{**view.__dict__, "number": number})
            items.append((key, view, None, None))
        else:
            level = "feedback"
            review = build_review(
                [shown], {question.id: (answer.response, None, None)}, level
            )[0]
            review = review.__class__(
                **{**review.__dict__, "number": number, "correct": answer.correct}
            )
            link = lesson_link(db, course, key, question.tags)
            items.append((key, None, review, link))
    return items


@bp.route("/refreshers/<public_id>")
@require_roles()
def show(public_id: str) -> str:
    db = get_session()
    try:
        row = services.find_refresher(db, current_user, public_id)
    except NotFound:
        abort(404)
    course = db.get(Course, row.course_id)
    if course is None:
        abort(404)
    items = _items(row, course)
    expired = local_today() >= row.expires_on
    return render_template(
        "refresh/show.html", row=row, course=course, items=items, expired=expired
    )


@bp.route("/refreshers/<public_id>/answer", methods=["POST"])
@require_roles()
def answer(public_id: str) -> Response:
    db = get_session()
    try:
        row = services.find_refresher(db, current_user, public_id)
    except NotFound:
        abort(404)
    course = db.get(Course, row.course_id)
    key = request.form.get("question", "")
    if course is None or key not in services.question_keys(row):
        abort(404)
    question = services.resolve(db, course, key, current_user.language, _)
    if question is None:
        abort(404)
    shown = drawn(question, row.seed)
    view = paper([shown], _secret(row))[0]
    assert isinstance(view, QuestionView)  # noqa: S101 - one question drawn
    values = {name: request.form.getlist(name) for name in request.form}
    number = services.question_keys(row).index(key) + 1
    target = url_for("refresh.show", public_id=public_id, _anchor=f"q{number}")
    try:
        response = to_bank_ids(shown, _secret(row), response_from_fields(view, values))
        if response is None or response in ("", frozenset()):
            flash(_("Choose an answer first."), "error")
            return redirect(target)
        services.answer_question(
            db, row, key, question, response, local_today(), utcnow()
        )
    except InvalidResponse:
        abort(400)
    except services.Expired:
        flash(_("This refresher has expired; the next one comes soon."), "error")
    return redirect(target)


def _one_click(view: F) -> F:
    """One click from a mail client (RFC 8058) has no CSRF token; the signed
    token in the address is the proof instead."""
    exempt: F = csrf.exempt(view)
    return exempt


@bp.route("/refreshers/opt-out/<token>", methods=["GET", "POST"])
@public
@_one_click
def opt_out(token: str) -> str:
    db = get_session()
    secret = current_app.secret_key or ""
    try:
        person = optout.person_of_token(db, str(secret), token)
    except NotFound:
        abort(404)
    if request.method == "POST":
        optout.opt_out(db, person, utcnow())
        return render_template("refresh/opted_out.html")
    stopped = optout.has_opted_out(db, person.id)
    return render_template("refresh/opt_out.html", token=token, stopped=stopped)
