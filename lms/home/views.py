"""The learner's own pages (home, own transcript), and /healthz for load balancers.

``/`` is each person's start page: learners see their courses there, staff are
sent on to their role's page (lms.auth.landing). ``/learning`` is "My learning"
for everyone.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as BaseResponse

from lms.auth.access import public, require_roles
from lms.auth.landing import LEARNER_HOME, landing_endpoint
from lms.catalog.journey import my_players
from lms.db import get_session
from lms.errors import NotFound
from lms.hr.assignments import assignments_for
from lms.hr.reports.download import transcript_response
from lms.refresh.services import due_refreshers
from lms.web.formatting import local_today
from lms.web.redirects import moved_to

bp = Blueprint("home", __name__)


@bp.route("/")
@require_roles()
def index() -> BaseResponse | str:
    landing = landing_endpoint(current_user.roles)
    if landing != LEARNER_HOME:
        return redirect(url_for(landing))
    return learning()


@bp.route("/learning")
@require_roles()
def learning() -> str:
    """My learning: the person's own courses and assignments, whatever their roles."""
    session = get_session()
    courses = my_players(session, current_user)
    today = local_today()
    assignments = assignments_for(session, current_user, today)
    refreshers = due_refreshers(session, current_user, today)
    titles = {course.id: course.title for course, _progress, _player in courses}
    return render_template(
        "home/index.html",
        courses=courses,
        assignments=assignments,
        refreshers=refreshers,
        course_titles=titles,
    )


@bp.route("/me/transcript.pdf")
@require_roles()
def transcript() -> Response:
    """The learner's own training transcript, next to "My certificates"."""
    try:
        return transcript_response(get_session(), current_user.id, local_today())
    except NotFound:
        abort(404)


@bp.route("/hr/exports/me/transcript.pdf")
@require_roles()
def old_transcript() -> BaseResponse:
    return moved_to("home.transcript")


@bp.route("/healthz")
@public
def healthz() -> tuple[dict[str, str], int]:
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
