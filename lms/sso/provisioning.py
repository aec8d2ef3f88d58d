"""Just-in-time accounts: the person behind an ID token, created, linked or updated.

The provider's account (issuer and subject) is the key. At the first login it
links to an existing person by employee id, else by a VERIFIED e-mail address,
else a new person is created. Name, department and language follow the claims
at every login; roles follow the groups through LMS_OIDC_ROLE_MAP only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.auth.services import create_person
from lms.config import SUPPORTED_LANGUAGES
from lms.emails import InvalidEmail, canonical_email
from lms.errors import LmsError
from lms.models import Department, Person
from lms.sso.client import SsoError
from lms.sso.settings import OidcSettings

MAX_TEXT = 200


@dataclass(frozen=True)
class Facts:
    """What the claims say about the person, cleaned."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str
    employee_id: str | None
    department: str | None
    groups: frozenset[str]
    language: str | None


@dataclass
class Outcome:
    person: Person
    how: str  # "created", "linked by employee id", "linked by e-mail", "known"
    changes: list[str] = field(default_factory=list)


def _text(value: object, limit: int = MAX_TEXT) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:limit]


def _groups(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return frozenset()
    return frozenset(group for item in value if (group := _text(item, 500)))


def _language(value: object) -> str | None:
    text = _text(value, 35)
    if text is None:
        return None
    language = text.replace("_", "-").split("-")[0].lower()
    return language if language in SUPPORTED_LANGUAGES else None


def read_facts(settings: OidcSettings, claims: Mapping[str, Any]) -> Facts:
    """The facts from validated ID token claims (names from the settings)."""
    names = settings.claims
    email = None
    raw_email = _text(claims.get(names.email), 320)
    if raw_email is not None:
        try:
            email = canonical_email(raw_email)
        except InvalidEmail:
            email = None
    verified = claims.get("email_verified")
    return Facts(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=email,
        email_verified=verified is True or str(verified).lower() == "true",
        name=_text(claims.get(names.name)) or "",
        employee_id=_text(claims.get(names.employee_id), 64),
        department=_text(claims.get(names.department)),
        groups=_groups(claims.get(names.groups)),
        language=_language(claims.get(names.language)),
    )


def mapped_roles(settings: OidcSettings, groups: frozenset[str]) -> frozenset[str]:
    """The roles the person's groups give by the map; nothing else gives a role."""
    return frozenset().union(
        *(roles for group, roles in settings.role_map.items() if group in groups)
    )


def _find(session: Session, facts: Facts) -> tuple[Person | None, str]:
    person = session.scalar(
        select(Person).where(
            Person.sso_issuer == facts.issuer, Person.sso_subject == facts.subject
        )
    )
    if person is not None:
        return person, "known"
    if facts.employee_id:
        person = session.scalar(
            select(Person).where(Person.employee_id == facts.employee_id)
        )
        if person is not None:
            return person, "linked by employee id"
    if facts.email and facts.email_verified:
        person = session.scalar(select(Person).where(Person.email == facts.email))
        if person is not None:
            return person, "linked by e-mail"
    return None, "created"


def _create(session: Session, facts: Facts) -> Person:
    if facts.email is None:
        raise SsoError("no_email", "the ID token carries no valid e-mail address")
    if session.scalar(select(Person.id).where(Person.email == facts.email)):
        # Someone has this address but it is not verified: never take it over.
        raise SsoError("email_taken", f"{facts.email} belongs to another account")
    try:
        return create_person(
            session,
            email=facts.email,
            name=facts.name or facts.email.split("@")[0],
            roles=("learner",),
            language=facts.language or "en",
        )
    except LmsError as error:
        raise SsoError("cannot_create", str(error)) from None


def _department_id(session: Session, name: str) -> int:
    department = session.scalar(select(Department).where(Department.name == name))
    if department is None:
        department = Department(name=name)
        session.add(department)
        session.flush()
    return department.id


def _update(
    session: Session, settings: OidcSettings, person: Person, facts: Facts
) -> list[str]:
    changes: list[str] = []
    if facts.name and person.name != facts.name:
        person.name, changes = facts.name, [*changes, "name"]
    if facts.language and person.language != facts.language:
        person.language, changes = facts.language, [*changes, "language"]
    if facts.department is not None:
        department_id = _department_id(session, facts.department)
        if person.department_id != department_id:
            person.department_id, changes = department_id, [*changes, "department"]
    if facts.employee_id and person.employee_id != facts.employee_id:
        taken = session.scalar(
            select(Person.id).where(
                Person.employee_id == facts.employee_id, Person.id != person.id
            )
        )
        if taken is None:
            person.employee_id = facts.employee_id
            changes.append("employee_id")
    if settings.role_map:
        roles = (person.roles - settings.mapped_roles) | mapped_roles(
            settings, facts.groups
        )
        if roles != person.roles:
            person.set_roles(roles | ({"learner"} if not roles else set()))
            changes.append("roles")
    return changes


def provision(
    session: Session, settings: OidcSettings, facts: Facts, now: datetime
) -> Outcome:
    """The person who logs in with these facts; created, linked or updated."""
    person, how = _find(session, facts)
    if person is not None and not person.active:
        raise SsoError("inactive", f"person {person.id} is deactivated")
    if person is not None and person.sso_subject is not None and how != "known":
        raise SsoError("linked_elsewhere", f"person {person.id} has another account")
    if person is None:
        person = _create(session, facts)
    if how != "known":
        person.sso_issuer, person.sso_subject = facts.issuer, facts.subject
    before = sorted(person.roles)
    changes = _update(session, settings, person, facts)
    session.flush()
    details: dict[str, object] = {"issuer": facts.issuer, "subject": facts.subject}
    if how == "created":
        audit(session, None, "sso.provision", person.email, details=details, now=now)
    elif how != "known":
        audit(session, person, "sso.link", person.email, how, details=details, now=now)
    if "roles" in changes:
        audit(
            session,
            None,
            "sso.roles",
            person.email,
            details={"before": before, "after": sorted(person.roles)},
            now=now,
        )
    return Outcome(person, how, changes)
