"""HR dashboard, training matrix and assignments (pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from lms.auth.access import require_roles
from lms.catalog.paths import parse_paths
from lms.content.titles import course_title, join_title
from lms.db import get_session, utcnow
from lms.errors import ValidationError
from lms.hr import dashboard as figures
from lms.hr import picker
from lms.hr.assignments import MAX_DUE_DAYS, Target, assign_course, reopen_expired
from lms.hr.dashboard_cache import shown_figures
from lms.hr.matrix import PER_PAGE, STATUS_LABELS, training_matrix
from lms.hr.rules import Status
from lms.models import Course, Department, Role
from lms.refresh.hr_report import month_label, refresher_report, topic_label
from lms.web.formatting import local_today
from lms.web.numbers import MAX_ID, MAX_PAGE, parse_positive_int

bp = Blueprint("hr", __name__, url_prefix="/hr")

HR = (Role.HR.value, Role.ADMIN.value)


def _language() -> str:
    return str(get_locale() or "en")


def _courses(session: Session, *, published_only: bool) -> list[tuple[int, str]]:
    """(id, title) of live courses, titled in the reader's language."""
    statement, title = join_title(select(Course.id), _language())
    statement = (
        statement.add_columns(title).where(Course.retired_at.is_(None)).order_by(title)
    )
    if published_only:
        statement = statement.where(Course.published)
    return [(course_id, name) for course_id, name in session.execute(statement)]


def _departments(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Department.id, Department.name).order_by(Department.name)
    )
    return [(department_id, name) for department_id, name in rows]


@bp.route("/")
@require_roles(*HR)
def dashboard() -> str:
    session = get_session()
    now = utcnow()
    language = _language()
    shown = shown_figures(
        session,
        owner=current_user,
        today=now.date(),
        language=language,
        now=now,
        fresh=request.args.get("recount") == "1",
    )
    data = shown.figures
    return render_template(
        "hr/dashboard.html",
        shown=shown,
        data=data,
        completions=figures.completions_chart(data),
        departments=figures.departments_chart(data),
        refreshers=refresher_report(
            session,
            language,
            current_app.config["LMS_REFRESH_RETENTION_THRESHOLD"],
            current_app.config["LMS_REFRESH_MIN_ANSWERS"],
        ),
        refresher_month=month_label,
        refresher_topic=topic_label,
        format_percent=format_percent,
        format_decimal=format_decimal,
    )


def _int_arg(name: str, errors: dict[str, str]) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    number = parse_positive_int(value, MAX_ID)
    if number is None:
        errors[name] = _("Choose a value from the list.")
    return number


def _date_arg(name: str, errors: dict[str, str]) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("Enter a date as YYYY-MM-DD.")
        return None


@bp.route("/matrix")
@require_roles(*HR)
def matrix() -> str:
    session = get_session()
    today = local_today()
    errors: dict[str, str] = {}
    department_id = _int_arg("department", errors)
    course_id = _int_arg("course", errors)
    status = request.args.get("status", "").strip() or None
    if status is not None and status not in Status.__members__.values():
        errors["status"] = _("Choose a value from the list.")
        status = None
    completed_from = _date_arg("completed_from", errors)
    completed_to = _date_arg("completed_to", errors)
    # Like a page past the end, a page that is no number is no error: the first.
    page = parse_positive_int(request.args.get("page"), MAX_PAGE) or 1
    reopen_expired(session, today)
    result = training_matrix(
        session,
        today=today,
        department_id=department_id,
        course_id=course_id,
        status=status,
        completed_from=completed_from,
        completed_to=completed_to,
        page=page,
        per_page=PER_PAGE,
        language=_language(),
    )
    filters: dict[str, Any] = {
        key: value
        for key, value in {
            "department": department_id,
            "course": course_id,
            "status": status,
            "completed_from": completed_from.isoformat() if completed_from else None,
            "completed_to": completed_to.isoformat() if completed_to else None,
        }.items()
        if value is not None
    }
    return render_template(
        "hr/matrix.html",
        result=result,
        filters=filters,
        errors=errors,
        courses=_courses(session, published_only=False),
        departments=_departments(session),
        statuses=STATUS_LABELS,
        format_decimal=format_decimal,
    )


@bp.route("/assign", methods=["GET", "POST"])
@require_roles(*HR)
def assign() -> Response | str | tuple[str, int]:
    session = get_session()
    form = {
        "course": request.values.get("course", ""),
        "target": request.form.get("target", Target.PEOPLE.value),
        "people": request.form.get("people", ""),
        "department": request.form.get("department", ""),
        "due_mode": request.form.get("due_mode", "days"),
        "due_on": request.form.get("due_on", ""),
        "due_in_days": request.form.get("due_in_days", "30"),
        "path": request.form.get("path", "").strip(),
    }
    # The people picker: a GET search whose ticks travel in the URL, then the
    # chosen people as ticked boxes of the assignment form (no JavaScript).
    query = request.args.get("q", "").strip()[:100]
    chosen_ids = picker.ids_of(
        [*request.values.getlist("chosen"), *request.values.getlist("person")]
    )
    chosen = picker.people_by_id(session, chosen_ids)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form["people"] = "\n".join([form["people"], *(p.email for p in chosen)])
        values = _assign_values(form, errors)
        if not errors:
            now = utcnow()
            try:
                result = assign_course(
                    session, current_user, **values, today=now.date(), now=now
                )
            except ValidationError as exc:
                field = {"due": "due_mode"}.get(exc.field or "", exc.field or "course")
                errors[field] = str(exc)
            else:
                flash(
                    _(
                        "Assigned: %(created)d new, %(updated)d with a changed"
                        " due date.",
                        created=result.created,
                        updated=result.updated,
                    ),
                    "success",
                )
                return redirect(url_for("hr.matrix", course=values["course_id"]))
        form["people"] = request.form.get("people", "")
    found = picker.find_people(session, query)
    shown = {candidate.id for candidate in found.people}
    page = render_template(
        "hr/assign.html",
        form=form,
        errors=errors,
        courses=_courses(session, published_only=True),
        departments=_departments(session),
        course_paths=_course_paths(session),
        query=query,
        found=found,
        chosen=chosen,
        chosen_ids={candidate.id for candidate in chosen},
        hidden_chosen=[c for c in chosen if c.id not in shown],
    )
    return (page, 400) if errors else page


def _course_paths(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """(course title, [(path id, title)]) of the published courses with paths."""
    language = _language()
    rows = session.scalars(
        select(Course).where(
            Course.published, Course.retired_at.is_(None), Course.paths_json != "[]"
        )
    )
    return [
        (
            course_title(course, language),
            [
                (path.id, path.title(language, course.language))
                for path in parse_paths(course.paths_json)
            ],
        )
        for course in rows
    ]


def _assign_values(form: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """The form as assign_course arguments; problems go into errors by field."""
    values: dict[str, Any] = {
        "target": form["target"],
        "identifiers": form["people"],
        "department_id": None,
        "due_on": None,
        "due_in_days": None,
        "path": form["path"] or None,
    }
    values["course_id"] = parse_positive_int(form["course"], MAX_ID)
    if values["course_id"] is None:
        errors["course"] = _("Choose a course.")
    if form["target"] == Target.DEPARTMENT.value:
        values["department_id"] = parse_positive_int(form["department"], MAX_ID)
        if values["department_id"] is None:
            errors["department"] = _("Choose a department.")
    if form["due_mode"] == "date":
        try:
            values["due_on"] = date.fromisoformat(form["due_on"].strip())
        except ValueError:
            errors["due_on"] = _("Enter a date as YYYY-MM-DD.")
    elif form["due_mode"] == "days":
        values["due_in_days"] = parse_positive_int(form["due_in_days"], MAX_DUE_DAYS)
        if values["due_in_days"] is None:
            errors["due_in_days"] = _(
                "Give a number of days from 1 to %(most)d.", most=MAX_DUE_DAYS
            )
    else:
        errors["due_mode"] = _("Choose how the due date is set.")
    return values
