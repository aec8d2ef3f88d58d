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
    make_response,
    redirect,
    render_template,
    request,
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
from lms.people.forms import (
    AccountActionForm,
    NewPersonForm,
    PersonForm,
    offer_roles,
)
from lms.people.import_labels import problem_text
from lms.people.import_rows import PersonRow, validate_person
from lms.people.mail import Sender

bp = Blueprint("people", __name__, url_prefix="/people")

MANAGERS = (Role.ADMIN.value, Role.HR.value)
ORGANISATION_FIELDS = ("employee_id", "department", "manager")


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
        mail_configured=_mail_configured(),
    )


@bp.route("/new", methods=["GET", "POST"])
@require_roles(*MANAGERS)
def create() -> Response | str:
    form = NewPersonForm()
    if form.validate_on_submit() and _organisation_valid(form):
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
            row = _checked_row(form)
            accounts.set_organisation(
                db,
                person,
                employee_id=row.employee_id if row else None,
                department=row.department if row else None,
                manager_email=row.manager_email if row else None,
                manager_employee_id=row.manager_employee_id if row else None,
            )
            issued = _issue(person)
        except NotAllowed:
            abort(403)
        except ValidationError as exc:
            db.rollback()
            getattr(form, exc.field or "email").errors = [str(exc)]
        except Conflict as exc:
            form.email.errors = [str(exc)]
        except MailError as exc:
            get_session().rollback()  # no account without its invitation
            flash(_("The person was not added: %(reason)s", reason=str(exc)), "error")
        else:
            if issued is None:
                flash(
                    _(
                        "%(name)s is added and invited: the e-mail with the"
                        " set-password link went to %(email)s.",
                        name=person.name,
                        email=person.email,
                    ),
                    "success",
                )
                return redirect(url_for("people.index"))
            return _no_store(
                render_template("people/created.html", person=person, token=issued)
            )
    offer_roles(form, policy.grantable_roles(_actor().roles))
    return render_template("people/new.html", form=form)


def _form_values(form: NewPersonForm) -> dict[str, str]:
    return {
        "email": form.email.data or "",
        "name": form.name.data or "",
        "employee_id": form.employee_id.data or "",
        "department": form.department.data or "",
        "manager": form.manager.data or "",
    }


def _checked_row(form: NewPersonForm) -> PersonRow | None:
    return validate_person(_form_values(form))[0]


def _organisation_valid(form: NewPersonForm) -> bool:
    """The import's checks of a row, on the form's fields; errors go to them."""
    _row, problems = validate_person(_form_values(form))
    # E-mail address and name: the account service has its own messages.
    problems = [p for p in problems if p.column in ORGANISATION_FIELDS]
    for problem in problems:
        field = getattr(form, problem.column)
        if not field.errors:
            field.errors = [problem_text(problem)]
    return not problems


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
def password_link(person_id: int) -> Response:
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
    return _no_store(render_template("people/created.html", person=person, token=token))


@bp.route("/invitation-links.csv", methods=["POST"])
@require_roles(*MANAGERS)
def invitation_links() -> Response:
    """New set-password links of the chosen people as a CSV file (no mail server)."""
    ids = sorted(
        {int(raw) for raw in request.form.getlist("person_id") if raw.isdigit()}
    )
    db = get_session()
    people = db.scalars(select(Person).where(Person.id.in_(ids))).all() if ids else []
    if not people:
        flash(_("Choose the people whose set-password links you want."), "error")
        return redirect(url_for("people.index"))
    try:
        issued = links.invitation_links(
            db, _actor(), people, utcnow(), base_url=current_app.config["LMS_BASE_URL"]
        )
    except NotAllowed:
        abort(403)
    if not issued:
        flash(
            _(
                "None of the chosen people can get a link:"
                " they have a password already."
            ),
            "error",
        )
        return redirect(url_for("people.index"))
    response = make_response(links.links_csv(issued))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = (
        'attachment; filename="set-password-links.csv"'
    )
    return _no_store(response)


def _mail_configured() -> bool:
    try:
        return SmtpSettings.from_config(current_app.config) is not None
    except MailError:  # a bad LMS_SMTP_PORT: sending fails with its message
        return True


def _no_store(page: str | Response) -> Response:
    """A response that no cache keeps: it holds set-password links (secrets)."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _issue(person: Person) -> str | None:
    """A new link for the person: the token to show once, or None when mailed."""
    config = current_app.config
    issued = links.issue_link(
        get_session(),
        _actor(),
        person,
        utcnow(),
        smtp=SmtpSettings.from_config(config),
        base_url=config["LMS_BASE_URL"],
        sender=Sender.from_config(config),
    )
    return issued.token
