"""Home page of a logged-in person, and /healthz for load balancers."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lms.auth.access import public, require_roles
from lms.catalog.services import my_courses
from lms.db import get_session, utcnow
from lms.hr.assignments import assignments_for

bp = Blueprint("home", __name__)


@bp.route("/")
@require_roles()
def index() -> str:
    session = get_session()
    courses = my_courses(session, current_user)
    assignments = assignments_for(session, current_user, utcnow().date())
    return render_template("home/index.html", courses=courses, assignments=assignments)


@bp.route("/healthz")
@public
def healthz() -> tuple[dict[str, str], int]:
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
