"""People pages for admins and HR: list, create, deactivate, new set-password link.

Administrators can also end all of a person's sessions.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from lms.audit.record import audit
from lms.auth import services, sessions
from lms.auth.access import require_roles
from lms.db import get_session, utcnow
from lms.errors import Conflict, ValidationError
from lms.models import Person, Role
from lms.people.forms import AccountActionForm, PersonForm

bp = Blueprint("people", __name__, url_prefix="/people")

MANAGERS = (Role.ADMIN.value, Role.HR.value)


@bp.route("/")
@require_roles(*MANAGERS)
def index() -> str:
    people = get_session().scalars(select(Person).order_by(Person.name)).all()
    return render_template(
        "people/index.html", people=people, action_form=AccountActionForm()
    )


@bp.route("/new", methods=["GET", "POST"])
@require_roles(*MANAGERS)
def create() -> Response | str:
    form = PersonForm()
    if form.validate_on_submit():
        db = get_session()
        roles = set(form.roles.data or [])
        if Role.ADMIN.value in roles and not current_user.has_role(Role.ADMIN.value):
            form.roles.errors = [_("Only administrators can create administrators.")]
            return render_template("people/new.html", form=form)
        try:
            person = services.create_person(
                db,
                email=form.email.data or "",
                name=form.name.data or "",
                roles=roles,
                language=form.language.data or "en",
            )
        except ValidationError as exc:
            getattr(form, exc.field or "email").errors = [str(exc)]
        except Conflict as exc:
            form.email.errors = [str(exc)]
        else:
            token = services.issue_password_token(db, person, utcnow())
            return render_template("people/created.html", person=person, token=token)
    return render_template("people/new.html", form=form)


def _manageable_person(person_id: int) -> Person:
    """The person to act on; only administrators may act on administrators."""
    person = get_session().get(Person, person_id)
    if person is None:
        abort(404)
    if person.has_role(Role.ADMIN.value) and not current_user.has_role(
        Role.ADMIN.value
    ):
        abort(403)
    return person


@bp.route("/<int:person_id>/deactivate", methods=["POST"])
@require_roles(*MANAGERS)
def deactivate(person_id: int) -> Response:
    person = _manageable_person(person_id)
    if person.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("people.index"))
    services.deactivate_person(get_session(), person)
    flash(_("%(name)s can no longer log in.", name=person.name), "success")
    return redirect(url_for("people.index"))


@bp.route("/<int:person_id>/activate", methods=["POST"])
@require_roles(*MANAGERS)
def activate(person_id: int) -> Response:
    person = _manageable_person(person_id)
    services.activate_person(get_session(), person)
    flash(_("%(name)s can log in again.", name=person.name), "success")
    return redirect(url_for("people.index"))


@bp.route("/<int:person_id>/end-sessions", methods=["POST"])
@require_roles(Role.ADMIN.value)
def end_sessions(person_id: int) -> Response:
    person = _manageable_person(person_id)
    db, now = get_session(), utcnow()
    ended = sessions.end_all_sessions(db, person, now)
    admin = current_user._get_current_object()
    audit(
        db,
        admin,
        "people.end_sessions",
        person.email,
        details={"ended": ended},
        now=now,
    )
    flash(_("%(name)s is logged out on every device.", name=person.name), "success")
    return redirect(url_for("people.index"))


@bp.route("/<int:person_id>/password-link", methods=["POST"])
@require_roles(*MANAGERS)
def password_link(person_id: int) -> str:
    person = _manageable_person(person_id)
    token = services.issue_password_token(get_session(), person, utcnow())
    return render_template("people/created.html", person=person, token=token)
