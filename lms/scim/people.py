"""SCIM Users on the person model: what a User resource sets, and the audit of it.

Mapping (README, "SCIM provisioning"): userName is the login name the directory
knows (stored only when it differs from the e-mail address); the e-mail address
is emails[primary] (else the first, else userName); the name is displayName,
else name.formatted, else "givenName familyName"; externalId is the employee ID;
the department is the enterprise extension's department (created when new);
active false deactivates the person and ends every session at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.auth import services
from lms.auth.sessions import end_all_sessions
from lms.errors import ValidationError
from lms.models import Department, Person
from lms.scim.errors import bad_request, conflict

CREATE = "scim.create"
EDIT = "scim.edit"
DEACTIVATE = "scim.deactivate"
REACTIVATE = "scim.reactivate"
DELETE = "scim.delete"


@dataclass(frozen=True)
class Wanted:
    """What a User resource asks of a person, already checked."""

    user_name: str
    email: str
    name: str
    employee_id: str | None
    active: bool
    department: str | None


def _primary_email(user: Any) -> str | None:
    emails = [e for e in (user.emails or []) if e.value]
    primary = [e for e in emails if e.primary] or emails
    return str(primary[0].value) if primary else None


def _display_name(user: Any) -> str:
    if user.display_name and user.display_name.strip():
        return str(user.display_name)
    name = user.name
    if name is not None:
        if name.formatted and name.formatted.strip():
            return str(name.formatted)
        parts = [p for p in (name.given_name, name.family_name) if p and p.strip()]
        if parts:
            return " ".join(parts)
    return ""


def wanted_values(user: Any, department: str | None) -> Wanted:
    """The person a User resource describes; 400 (invalidValue) if it cannot be one."""
    user_name = " ".join(str(user.user_name or "").split())
    if not user_name:
        raise bad_request("userName is required.")
    address = _primary_email(user) or user_name
    try:
        email = services.normalize_email(address)
    except ValidationError as error:
        raise bad_request(
            f"emails: {address!r} is not a usable e-mail address ({error})."
        ) from None
    name = " ".join(_display_name(user).split()) or email.split("@")[0]
    employee_id = (user.external_id or "").strip() or None
    if employee_id is not None and len(employee_id) > 64:
        raise bad_request("externalId: at most 64 characters.")
    if len(user_name) > 320 or len(name) > 200:
        raise bad_request("userName or name is too long.")
    clean_department = " ".join((department or "").split()) or None
    return Wanted(
        user_name=user_name,
        email=email,
        name=name,
        employee_id=employee_id,
        active=user.active is not False,
        department=clean_department,
    )


def _check_unique(session: Session, wanted: Wanted, person_id: int | None) -> None:
    """409 if another person already has the e-mail, userName or employee ID."""
    others = select(Person.id).where(Person.id != (person_id or -1))
    clashes = [
        (
            "userName",
            or_(
                func.lower(Person.scim_user_name) == wanted.user_name.lower(),
                Person.email == wanted.user_name.lower(),
            ),
        ),
        ("emails", Person.email == wanted.email),
    ]
    if wanted.employee_id is not None:
        clashes.append(("externalId", Person.employee_id == wanted.employee_id))
    for field, clause in clashes:
        if session.scalar(others.where(clause).limit(1)) is not None:
            raise conflict(f"{field}: another person already has this value.")


def _department_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    found = session.scalar(select(Department.id).where(Department.name == name))
    if found is not None:
        return found
    department = Department(name=name[:200])
    session.add(department)
    session.flush()
    return department.id


def _details(person: Person, token_name: str, **more: object) -> dict[str, object]:
    return {"person_id": person.id, "token": token_name, **more}


def set_active(
    session: Session, person: Person, active: bool, token_name: str, now: datetime
) -> None:
    """(De)activate; deactivation ends every session and remember-me cookie now."""
    if person.active == active:
        return
    if active:
        services.activate_person(session, person)
    else:
        services.deactivate_person(session, person)
        end_all_sessions(session, person, now)
    audit(
        session,
        None,
        REACTIVATE if active else DEACTIVATE,
        person.email,
        details=_details(person, token_name),
        now=now,
    )


def create_person(
    session: Session, wanted: Wanted, token_name: str, now: datetime
) -> Person:
    _check_unique(session, wanted, None)
    person = Person(
        email=wanted.email,
        name=wanted.name,
        language="en",
        employee_id=wanted.employee_id,
        scim_user_name=None
        if wanted.user_name.lower() == wanted.email
        else wanted.user_name,
        department_id=_department_id(session, wanted.department),
        active=wanted.active,
        created_at=now,
    )
    person.set_roles(frozenset({"learner"}))
    session.add(person)
    session.flush()
    audit(
        session,
        None,
        CREATE,
        person.email,
        details=_details(person, token_name),
        now=now,
    )
    return person


def update_person(
    session: Session, person: Person, wanted: Wanted, token_name: str, now: datetime
) -> None:
    """Make the person what the resource says; one audit entry names the fields."""
    _check_unique(session, wanted, person.id)
    values: dict[str, object] = {
        "email": wanted.email,
        "name": wanted.name,
        "employee_id": wanted.employee_id,
        "scim_user_name": None
        if wanted.user_name.lower() == wanted.email
        else wanted.user_name,
    }
    department_id = _department_id(session, wanted.department)
    if wanted.department is not None or person.department_id is not None:
        values["department_id"] = department_id
    changed = sorted(k for k, v in values.items() if getattr(person, k) != v)
    for key in changed:
        setattr(person, key, values[key])
    session.flush()
    if changed:
        audit(
            session,
            None,
            EDIT,
            person.email,
            details=_details(person, token_name, fields=changed),
            now=now,
        )
    set_active(session, person, wanted.active, token_name, now)


def delete_person(
    session: Session, person: Person, token_name: str, now: datetime
) -> None:
    """DELETE: deactivated, sessions ended, and no longer a SCIM resource.

    The person's certificates and history stay; a later POST with the same
    e-mail address brings the account back.
    """
    set_active(session, person, False, token_name, now)
    person.scim_deleted_at = now
    session.flush()
    audit(
        session,
        None,
        DELETE,
        person.email,
        details=_details(person, token_name),
        now=now,
    )
