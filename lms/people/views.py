"""People pages for admins and HR: list, create, edit, (de)activate, password links.

What each manager may do is decided in lms.people.policy and checked again by
the services (lms.people.accounts, lms.people.links): these views only offer
what the rule book allows and turn a refusal into 403. Administrators can also
end all of a person's sessions.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from lms.audit.record import audit
from lms.auth import sessions
from lms.auth.access import require_roles
from lms.db import get_session, utcnow
from lms.errors import Conflict, ValidationError
from lms.files.smtp import MailError, SmtpSettings
from lms.models import Person, Role
from lms.people import accounts, links, policy
from lms.people.accounts import NotAllowed
from lms.people.forms import AccountActionForm, PersonForm, offer_roles

bp = Blueprint("people", __name__, url_prefix="/people")

MANAGERS = (Role.ADMIN.value, Role.HR.value)


def _actor() -> Person:
    person: Person = current_user._get_current_object()
    return person


def _person(person_id: int) -> Person:
    person = get_session().get(Person, person_id)
    if person is None:
        abort(404)
    return person


@bp.route("/")
@require_roles(*MANAGERS)
def index() -> str:
    people = get_session().scalars(select(Person).order_by(Person.name)).all()
    actor_roles = _actor().roles
    manageable = {
        person.id for person in people if policy.can_manage(actor_roles, person.roles)
    }
    return render_template(
        "people/index.html",
        people=people,
        manageable=manageable,
        action_form=AccountActionForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@require_roles(*MANAGERS)
def create() -> Response | str:
    form = PersonForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            person = accounts.create_account(
                db,
                _actor(),
                email=form.email.data or "",
                name=form.name.data or "",
                roles=form.roles.data or [],
                language=form.language.data or "en",
                now=utcnow(),
            )
            issued = _issue(person)
        except NotAllowed:
            abort(403)
        except ValidationError as exc:
            getattr(form, exc.field or "email").errors = [str(exc)]
        except Conflict as exc:
            form.email.errors = [str(exc)]
        else:
            return render_template("people/created.html", person=person, token=issued)
    offer_roles(form, policy.grantable_roles(_actor().roles))
    return render_template("people/new.html", form=form)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@require_roles(*MANAGERS)
def edit(person_id: int) -> Response | str:
    person = _person(person_id)
    if not policy.can_manage(_actor().roles, person.roles):
        abort(403)
    form = PersonForm(obj=person, data={"roles": sorted(person.roles)})
    if form.validate_on_submit():
        try:
            changed = accounts.edit_account(
                get_session(),
                _actor(),
                person,
                email=form.email.data or "",
                name=form.name.data or "",
                language=form.language.data or "en",
                roles=form.roles.data or [],
                now=utcnow(),
            )
        except NotAllowed:
            abort(403)
        except ValidationError as exc:
            getattr(form, exc.field or "email").errors = [str(exc)]
        except Conflict as exc:
            form.email.errors = [str(exc)]
        else:
            if changed:
                flash(
                    _("The changes to %(name)s are saved.", name=person.name), "success"
                )
            return redirect(url_for("people.index"))
    offer_roles(form, policy.grantable_roles(_actor().roles))
    return render_template("people/edit.html", form=form, person=person)


@bp.route("/<int:person_id>/deactivate", methods=["POST"])
@require_roles(*MANAGERS)
def deactivate(person_id: int) -> Response:
    person = _person(person_id)
    try:
        accounts.deactivate_account(get_session(), _actor(), person, utcnow())
    except NotAllowed:
        abort(403)
    except ValidationError as exc:
        flash(str(exc), "error")
        return redirect(url_for("people.index"))
    flash(_("%(name)s can no longer log in.", name=person.name), "success")
    return redirect(url_for("people.index"))


@bp.route("/<int:person_id>/activate", methods=["POST"])
@require_roles(*MANAGERS)
def activate(person_id: int) -> Response:
    person = _person(person_id)
    try:
        accounts.reactivate_account(get_session(), _actor(), person, utcnow())
    except NotAllowed:
        abort(403)
    flash(_("%(name)s can log in again.", name=person.name), "success")
    return redirect(url_for("people.index"))


@bp.route("/<int:person_id>/end-sessions", methods=["POST"])
@require_roles(Role.ADMIN.value)
def end_sessions(person_id: int) -> Response:
    person = _person(person_id)
    db, now = get_session(), utcnow()
    ended = sessions.end_all_sessions(db, person, now)
    audit(
        db,
        _actor(),
        "people.end_sessions",
        person.email,
        details={"ended": ended},
        now=now,
    )
    flash(_("%(name)s is logged out on every device.", name=person.name), "success")
    return redirect(url_for("people.index"))


@bp.route("/<int:person_id>/password-link", methods=["POST"])
@require_roles(*MANAGERS)
def password_link(person_id: int) -> Response | str:
    person = _person(person_id)
    db = get_session()
    try:
        token = _issue(person)
    except NotAllowed:
        abort(403)
    except (Conflict, MailError) as exc:
        db.rollback()  # the person's older link stays valid
        flash(_("No new link: %(reason)s", reason=str(exc)), "error")
        return redirect(url_for("people.index"))
    if token is None:
        flash(
            _("A new set-password link was e-mailed to %(email)s.", email=person.email),
            "success",
        )
        return redirect(url_for("people.index"))
    return render_template("people/created.html", person=person, token=token)


def _issue(person: Person) -> str | None:
    """A new link for the person: the token to show once, or None when mailed."""
    # Only a link for an account with a password may need the mail server.
    smtp = (
        SmtpSettings.from_config(current_app.config) if person.password_hash else None
    )
    issued = links.issue_link(
        get_session(),
        _actor(),
        person,
        utcnow(),
        smtp=smtp,
        base_url=current_app.config["LMS_BASE_URL"],
    )
    return issued.token
