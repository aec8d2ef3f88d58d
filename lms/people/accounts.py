"""Managing accounts on the people pages: create, edit, (de)activate; all audited.

Every function checks the rule book (lms.people.policy) itself, so a forged POST
is refused here whatever the page offered, and writes one audit entry per change.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.audit.record import AuditRow, audit
from lms.auth import services
from lms.errors import LmsError, ValidationError
from lms.models import Department, Person
from lms.people import policy

CREATE = "people.create"
EDIT = "people.edit"
ROLES = "people.roles"
DEACTIVATE = "people.deactivate"
REACTIVATE = "people.reactivate"
LINK_USED = "people.password_set"  # the person chose a password through a link


class NotAllowed(LmsError):
    """The actor's roles do not allow this action on this person (HTTP 403)."""


def roles_of(actor: Person | None) -> frozenset[str] | None:
    """The actor's roles for the rule book; None is the command line."""
    return None if actor is None else actor.roles


def check_manageable(actor: Person | None, person: Person) -> None:
    if not policy.can_manage(roles_of(actor), person.roles):
        raise NotAllowed(_l("Only administrators can manage this account."))


def _check_roles(actor: Person | None, old: Iterable[str], new: Iterable[str]) -> None:
    if policy.forbidden_role_change(roles_of(actor), old, new):
        raise NotAllowed(_l("Only administrators can grant these roles."))


def _target(person: Person) -> str:
    return person.email


def create_account(
    session: Session,
    actor: Person | None,
    *,
    email: str,
    name: str,
    roles: Iterable[str],
    language: str,
    now: datetime,
) -> Person:
    """Create a person with these roles, if the actor may grant them."""
    chosen = services.validate_roles(roles)
    _check_roles(actor, (), chosen)
    person = services.create_person(
        session, email=email, name=name, roles=chosen, language=language
    )
    audit(
        session,
        actor,
        CREATE,
        _target(person),
        details={"person_id": person.id, "roles": sorted(person.roles)},
        now=now,
    )
    return person


def edit_account(
    session: Session,
    actor: Person | None,
    person: Person,
    *,
    email: str,
    name: str,
    language: str,
    roles: Iterable[str],
    now: datetime,
) -> tuple[str, ...]:
    """Change a person's details and roles; returns the names of changed fields.

    The audit entry names the changed fields but not their values (personal
    data); a role change gets an entry of its own with the old and new roles.
    """
    check_manageable(actor, person)
    new_roles = frozenset(services.validate_roles(roles))
    old_roles = person.roles
    _check_roles(actor, old_roles, new_roles)
    if (
        actor is not None
        and actor.id == person.id
        and policy.self_lockout_roles(old_roles, new_roles)
    ):
        raise ValidationError(
            _l("You cannot remove your own HR or administrator role."), "roles"
        )
    canonical, clean_name = services.checked_details(
        session, email, name, language, person.email
    )
    wanted = {"email": canonical, "name": clean_name, "language": language}
    changed = tuple(
        field for field, value in wanted.items() if getattr(person, field) != value
    )
    for field in changed:
        setattr(person, field, wanted[field])
    if changed:
        audit_edit(session, actor, person, changed, now)
    if new_roles != old_roles:
        person.set_roles(new_roles)
        audit_role_change(session, actor, person, old_roles, new_roles, now)
        changed = (*changed, "roles")
    session.flush()
    return changed


def audit_edit(
    session: Session,
    actor: Person | None,
    person: Person,
    fields: Iterable[str],
    now: datetime,
) -> None:
    """Which fields changed; not their values, which are personal data."""
    audit(
        session,
        actor,
        EDIT,
        _target(person),
        details={"person_id": person.id, "fields": list(fields)},
        now=now,
    )


def audit_role_change(
    session: Session,
    actor: Person | None,
    person: Person,
    old: Iterable[str],
    new: Iterable[str],
    now: datetime,
) -> None:
    audit(
        session,
        actor,
        ROLES,
        _target(person),
        details={"person_id": person.id, "old": sorted(old), "new": sorted(new)},
        now=now,
    )


def audit_active_change(
    session: Session, actor: Person | None, person: Person, now: datetime
) -> None:
    """The entry for a person just (de)activated, whichever path did it."""
    action = REACTIVATE if person.active else DEACTIVATE
    audit(
        session,
        actor,
        action,
        _target(person),
        details={"person_id": person.id},
        now=now,
    )


def change_entries(
    person_id: int,
    target: str,
    changes: Collection[str],
    roles: tuple[frozenset[str], frozenset[str]],
    active: object,
) -> list[AuditRow]:
    """The entries of one person an import changed, as the People pages write them.

    ``roles`` is (old, new); ``active`` the new state when it changes, else None.
    """
    details: dict[str, object] = {"person_id": person_id}
    entries: list[AuditRow] = []
    old, new = roles
    if "roles" in changes and old != new:
        entries.append(
            AuditRow(ROLES, target, {**details, "old": sorted(old), "new": sorted(new)})
        )
    if active is not None:
        entries.append(AuditRow(REACTIVATE if active else DEACTIVATE, target, details))
    # Roles and (de)activation have entries of their own.
    fields = [field for field in changes if field not in ("roles", "active")]
    if fields:
        entries.append(AuditRow(EDIT, target, {**details, "fields": fields}))
    return entries


def deactivate_account(
    session: Session, actor: Person | None, person: Person, now: datetime
) -> None:
    check_manageable(actor, person)
    if actor is not None and actor.id == person.id:
        raise ValidationError(_l("You cannot deactivate your own account."))
    if person.active:
        services.deactivate_person(session, person)
        audit_active_change(session, actor, person, now)


def reactivate_account(
    session: Session, actor: Person | None, person: Person, now: datetime
) -> None:
    check_manageable(actor, person)
    if not person.active:
        services.activate_person(session, person)
        audit_active_change(session, actor, person, now)


def audit_password_set(
    _sender: object, *, session: Session, person: Person, now: datetime
) -> None:
    """Receiver of ``lms.events.password_set_by_link`` (connected by the app)."""
    audit(
        session,
        person,
        LINK_USED,
        _target(person),
        details={"person_id": person.id},
        now=now,
    )


def set_organisation(
    session: Session,
    person: Person,
    *,
    employee_id: str | None,
    department: str | None,
    manager_email: str | None,
    manager_employee_id: str | None,
) -> None:
    """Employee id, department (created when new) and manager of a new person.

    The values come checked by lms.people.import_rows.validate_person; this
    checks them against the database as the import does. Raises ValidationError.
    """
    if employee_id:
        taken = session.scalar(
            select(Person.id).where(
                Person.employee_id == employee_id, Person.id != person.id
            )
        )
        if taken is not None:
            raise ValidationError(
                _l("Another person has this employee id already."), "employee_id"
            )
        person.employee_id = employee_id
    if manager_email or manager_employee_id:
        where = (
            Person.email == manager_email
            if manager_email
            else Person.employee_id == manager_employee_id
        )
        manager = session.scalar(select(Person).where(where))
        if manager is None:
            raise ValidationError(
                _l("No person has this e-mail address or employee id."), "manager"
            )
        person.manager_id = manager.id
    name = " ".join((department or "").split())
    if name:
        found = session.scalar(
            select(Department).where(func.lower(Department.name) == name.casefold())
        )
        if found is None:
            found = Department(name=name)
            session.add(found)
            session.flush()
        person.department_id = found.id
    session.flush()
