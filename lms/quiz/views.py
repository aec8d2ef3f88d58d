"""Quiz pages: overview and rules, taking an attempt, saving, submitting, results."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from lms.auth.access import require_roles
from lms.content.rules.paths import final_exam_ids
from lms.content.titles import course_title
from lms.db import get_session, keep_changes_on_error, utcnow
from lms.errors import NotFound
from lms.events import attempt_ended
from lms.models import Attempt, Course, Role
from lms.quiz import attempts as service
from lms.quiz.engine.grading import InvalidResponse
from lms.quiz.engine.paper import pages, questions_of
from lms.quiz.engine.review import build_review, official_result, review_level
from lms.quiz.gate import Missing, continuation, missing_before_exam
from lms.quiz.revisions import parse_revision

bp = Blueprint("quiz", __name__)


@bp.route("/courses/<course>/quiz/<bank>")
@require_roles()
def overview(course: str, bank: str) -> str:
    db = get_session()
    now = utcnow()
    try:
        quiz = service.find_quiz(db, course, bank)
    except NotFound:
        abort(404)
    attempts = service.attempts_of(db, current_user, quiz.course.id, bank)
    for attempt in attempts:
        if service.is_overdue(attempt, now):
            service.finalize(db, attempt, now, "deadline")
    the_bank = quiz.bank(current_user.language)
    allowed, not_before, _reason = service.next_start(the_bank, attempts)
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    official = official_result(the_bank.settings, attempts)
    return render_template(
        "quiz/overview.html",
        quiz=quiz,
        bank=the_bank,
        course_title=_course_title(quiz),
        attempts=attempts,
        open_attempt=open_attempt,
        missing=() if open_attempt else _missing(db, quiz.course, bank),
        allowed=allowed,
        not_before=not_before if not_before and not_before > now else None,
        official=official,
        after=(
            continuation(db, current_user, quiz.course.id, bank)
            if official and official.passed
            else None
        ),
    )


def _missing(db: Session, course: Course, bank: str) -> tuple[Missing, ...]:
    """What the course still requires before this quiz opens (only a final exam)."""
    if bank not in final_exam_ids(course.final_exam, course.paths_json):
        return ()
    return missing_before_exam(db, current_user, course.id, bank)


def _course_title(quiz: service.Quiz) -> str:
    return course_title(quiz.course, current_user.language)


@bp.route("/courses/<course>/quiz/<bank>/start", methods=["POST"])
@require_roles()
def start(course: str, bank: str) -> Response:
    db = get_session()
    now = utcnow()
    try:
        quiz = service.find_quiz(db, course, bank)
    except NotFound:
        abort(404)
    if _gated(db, quiz, bank, now):
        flash(
            _("The final exam is not open yet: first finish what is listed below."),
            "error",
        )
        return redirect(url_for("quiz.overview", course=course, bank=bank))
    try:
        attempt, settled = service.begin_attempt(db, current_user, quiz, bank, now)
    except service.AttemptRefused as refused:
        _issue_if_settled(db, course, now)
        if refused.not_before is None:
            message = _(
                "You have used all %(count)d attempts of this quiz.",
                count=refused.allowed_attempts or 0,
            )
        else:
            when = format_datetime(refused.not_before, "short")
            message = _("You can start your next attempt at %(time)s.", time=when)
        flash(message, "error")
        return redirect(url_for("quiz.overview", course=course, bank=bank))
    if settled:  # starting ended the bank's attempt whose time ran out
        _attempt_ended(db, attempt.course_id, now)
    return redirect(url_for("quiz.take", attempt_id=attempt.public_id))


def _gated(db: Session, quiz: service.Quiz, bank: str, now: datetime) -> bool:
    """Whether starting is refused because the course's final exam is not open yet.

    An open attempt can always be resumed.
    """
    attempts = service.attempts_of(db, current_user, quiz.course.id, bank)
    if any(a.submitted_at is None and not service.is_overdue(a, now) for a in attempts):
        return False
    return bool(_missing(db, quiz.course, bank))


def _attempt_ended(db: Session, course_id: int, now: datetime) -> bool:
    """Announce that this request ended an attempt (submitted, or settled after its
    time ran out); the completion rule issues what it earned. True when it did."""
    results = attempt_ended.send(
        current_app._get_current_object(),  # type: ignore[attr-defined]  # a proxy
        session=db,
        person=current_user,
        course_id=course_id,
        now=now,
    )
    return any(value is not None for _receiver, value in results)


def _issue_if_settled(db: Session, course: str, now: datetime) -> None:
    """Issue what a settled attempt earned (the POST settled it)."""
    course_id = db.scalar(select(Course.id).where(Course.slug == course))
    if course_id is not None:
        _attempt_ended(db, course_id, now)


def _attempt_or_404(attempt_id: str) -> Attempt:
    try:
        return service.get_attempt(get_session(), current_user, attempt_id, utcnow())
    except NotFound:
        abort(404)


@bp.route("/attempts/<attempt_id>")
@require_roles()
def take(attempt_id: str) -> Response | str:
    db = get_session()
    attempt = _attempt_or_404(attempt_id)
    if attempt.submitted_at is not None:
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    bank, items = service.drawn_items(db, attempt)
    blocks = service.attempt_paper(attempt, items)
    all_pages = pages(blocks, bank.settings.questions_per_page)
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), len(all_pages))
    views = questions_of(blocks)
    return render_template(
        "quiz/take.html",
        attempt=attempt,
        bank=bank,
        blocks=all_pages[number - 1],
        page=number,
        page_count=len(all_pages),
        saved=service.saved_responses(attempt, items),
        errors={},
        total=len(views),
    )


@bp.route("/attempts/<attempt_id>", methods=["POST"])
@require_roles()
def save(attempt_id: str) -> Response | str | tuple[Response | str, int]:
    db = get_session()
    wants_json = request.accept_mimetypes.best == "application/json"
    shown = request.form.getlist("present")
    values = {key: request.form.getlist(key) for key in request.form}
    now = utcnow()
    page = request.form.get("page", 1, type=int) or 1
    seen = parse_revision(request.form.get("revision"))
    try:
        result = service.save_answers(
            db, current_user, attempt_id, values, shown, now, revision=seen
        )
    except NotFound:
        abort(404)
    except InvalidResponse:
        abort(400)
    except service.StaleAttempt as stale:
        if wants_json:
            return jsonify(stale=True, message=str(stale)), 409
        return _stale_page(attempt_id, page, submitting=False), 409
    except service.AttemptClosed as closed:
        # The attempt was settled (its time ran out): keep that, and what it earned.
        keep_changes_on_error()
        settled = service.get_attempt(db, current_user, attempt_id, now)
        _attempt_ended(db, settled.course_id, now)
        if wants_json:
            return jsonify(closed=True, message=str(closed)), 409
        flash(str(closed), "error")
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    if wants_json:
        return jsonify(
            saved=result.saved, errors=result.errors, revision=result.revision
        )
    action = request.form.get("action", "save")
    if result.errors:
        flash(_("Some answers could not be saved. See the marked questions."), "error")
    elif action == "submit":
        return redirect(url_for("quiz.confirm", attempt_id=attempt_id))
    elif action in ("next", "previous"):
        page += 1 if action == "next" else -1
    else:
        flash(_("Your answers are saved."), "success")
    return redirect(url_for("quiz.take", attempt_id=attempt_id, page=page))


def _stale_page(attempt_id: str, page: int, *, submitting: bool) -> str:
    """Nothing was stored: another tab saved since this page was rendered."""
    return render_template(
        "quiz/stale.html", attempt_id=attempt_id, page=page, submitting=submitting
    )


@bp.route("/attempts/<attempt_id>/submit", methods=["GET", "POST"])
@require_roles()
def confirm(attempt_id: str) -> Response | str | tuple[str, int]:
    db = get_session()
    if request.method == "POST":
        now = utcnow()
        seen = parse_revision(request.form.get("revision"))
        try:
            submitted = service.submit_attempt(
                db, current_user, attempt_id, now, revision=seen
            )
        except NotFound:
            abort(404)
        except service.StaleAttempt:
            return _stale_page(attempt_id, 1, submitting=True), 409
        if _attempt_ended(db, submitted.course_id, now):
            flash(_("You have earned your certificate."), "success")
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    attempt = _attempt_or_404(attempt_id)
    if attempt.submitted_at is not None:
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    bank, items = service.drawn_items(db, attempt)
    views = questions_of(service.attempt_paper(attempt, items))
    saved = service.saved_responses(attempt, items)
    unanswered = [v.number for v in views if saved.get(v.id) in (None, "", [], {})]
    return render_template(
        "quiz/confirm.html", attempt=attempt, bank=bank, unanswered=unanswered
    )


@bp.route("/attempts/<attempt_id>/result")
@require_roles()
def result(attempt_id: str) -> Response | str:
    db = get_session()
    attempt = _attempt_or_404(attempt_id)
    if attempt.submitted_at is None:
        return redirect(url_for("quiz.take", attempt_id=attempt_id))
    bank, items = service.drawn_items(db, attempt)
    attempts = service.attempts_of(db, current_user, attempt.course_id, attempt.bank_id)
    level = review_level(bank.settings, attempt, attempts)
    answers = {
        a.question_id: (a.response_json, a.points, a.max_points)
        for a in attempt.answers
    }
    course = db.get(Course, attempt.course_id)
    allowed, not_before, _reason = service.next_start(bank, attempts)
    now = utcnow()
    return render_template(
        "quiz/result.html",
        attempt=attempt,
        bank=bank,
        course=course,
        level=level,
        review=build_review(items, answers, level),
        after=continuation(db, current_user, attempt.course_id, attempt.bank_id),
        retry_now=allowed and (not_before is None or not_before <= now),
        not_before=not_before if not_before and not_before > now else None,
        is_final=course is not None
        and attempt.bank_id in final_exam_ids(course.final_exam, course.paths_json),
    )


@bp.route("/author/stats/<course>/<bank>")
@require_roles(Role.AUTHOR.value, Role.HR.value, Role.ADMIN.value)
def statistics(course: str, bank: str) -> str:
    try:
        quiz, stats = service.bank_statistics(
            get_session(),
            course,
            bank,
            show_exam_only=current_user.has_role(Role.AUTHOR.value, Role.ADMIN.value),
        )
    except NotFound:
        abort(404)
    return render_template(
        "quiz/statistics.html",
        quiz=quiz,
        bank=quiz.bank(current_user.language),
        stats=stats,
    )
