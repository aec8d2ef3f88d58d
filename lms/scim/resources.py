"""People and groups as SCIM resources (scim2-models), and finding them again.

A User's id is the person's number signed with the application's secret key,
so a token holder cannot walk the people by counting.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from scim2_models import (
    ComplexAttribute,
    Email,
    EnterpriseUser,
    Group,
    GroupMember,
    GroupMembership,
    Meta,
    User,
)
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from lms.models import Department, Person, ScimGroup, ScimGroupMember
from lms.scim.errors import bad_request


class LmsEmail(Email):
    """An e-mail address checked by lms.emails, not by pydantic's EmailStr: the
    company's internal domains (anna@firma.local) are addresses here too."""

    value: str | None = None


class LmsUser(User[Any]):
    emails: list[LmsEmail] | None = None  # type: ignore[assignment]
    Emails: ClassVar[type[ComplexAttribute]] = LmsEmail


# scim2-models parameterises a resource by its extensions at run time, which
# mypy cannot follow through the subclass.
UserResource: Any = LmsUser[EnterpriseUser]  # type: ignore[misc]
MAX_COUNT = 200
FILTER = re.compile(r'^\s*(\w+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


def user_id(person_id: int, secret: str) -> str:
    signature = hmac.new(
        secret.encode(), f"scim-user:{person_id}".encode(), hashlib.sha256
    ).hexdigest()[:20]
    return f"{person_id}-{signature}"


def person_number(scim_id: str, secret: str) -> int | None:
    """The person's number in a User id, if the id is genuine."""
    number, _, _signature = scim_id.partition("-")
    if not number.isdigit() or len(number) > 12:
        return None
    genuine = user_id(int(number), secret)
    return int(number) if hmac.compare_digest(genuine, scim_id) else None


def visible_people() -> Select[Any]:
    return select(Person).where(Person.scim_deleted_at.is_(None))


def find_person(session: Session, scim_id: str, secret: str) -> Person | None:
    number = person_number(scim_id, secret)
    if number is None:
        return None
    found: Person | None = session.scalar(visible_people().where(Person.id == number))
    return found


@dataclass(frozen=True)
class Page:
    total: int
    start_index: int
    items: list[Any]


def parse_filter(text: str | None, allowed: dict[str, Any]) -> Any | None:
    """A clause for ``attr eq "value"`` on an allowed attribute; 400 otherwise."""
    if not text:
        return None
    match = FILTER.match(text)
    column = allowed.get(match.group(1).lower()) if match else None
    if match is None or column is None:
        names = " or ".join(f'{name} eq "..."' for name in allowed)
        raise bad_request(f"Only the filters {names} are supported.", "invalidFilter")
    value = match.group(2).replace('\\"', '"').replace("\\\\", "\\")
    return column(value)


def paging(start_index: str | None, count: str | None) -> tuple[int, int]:
    """startIndex (1-based, below 1 means 1) and count (0..MAX_COUNT)."""
    try:
        start = int(start_index) if start_index else 1
        wanted = int(count) if count else MAX_COUNT
    except ValueError:
        raise bad_request("startIndex and count are whole numbers.") from None
    return max(start, 1), min(max(wanted, 0), MAX_COUNT)


def _user_name_is(value: str) -> Any:
    lowered = value.strip().lower()
    return or_(
        func.lower(Person.scim_user_name) == lowered,
        (Person.scim_user_name.is_(None)) & (Person.email == lowered),
    )


USER_FILTERS: dict[str, Any] = {
    "username": _user_name_is,
    "externalid": lambda value: Person.employee_id == value,
}
GROUP_FILTERS: dict[str, Any] = {
    "displayname": lambda value: ScimGroup.display_name == value,
    "externalid": lambda value: ScimGroup.external_id == value,
}


def list_people(
    session: Session, text: str | None, start: int, count: int
) -> tuple[int, list[Person]]:
    query = visible_people()
    clause = parse_filter(text, USER_FILTERS)
    if clause is not None:
        query = query.where(clause)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    people: list[Person] = list(
        session.scalars(query.order_by(Person.id).offset(start - 1).limit(count))
    )
    return total, people


def list_groups(
    session: Session, text: str | None, start: int, count: int
) -> tuple[int, list[ScimGroup]]:
    query = select(ScimGroup)
    clause = parse_filter(text, GROUP_FILTERS)
    if clause is not None:
        query = query.where(clause)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    groups = session.scalars(
        query.order_by(ScimGroup.id).offset(start - 1).limit(count)
    ).all()
    return total, list(groups)


def user_resource(
    session: Session,
    person: Person,
    base_url: str,
    secret: str,
    to_patch: bool = False,
) -> Any:
    """The person as a User with the enterprise extension.

    ``to_patch``: the resource a PATCH applies to, whose one address is the
    primary work address, so Entra ID's ``emails[type eq "work"].value`` finds
    it (responses leave type and primary out: the schema does not keep them).
    """
    department = (
        session.get(Department, person.department_id) if person.department_id else None
    )
    groups = session.execute(
        select(ScimGroup.public_id, ScimGroup.display_name)
        .join(ScimGroupMember, ScimGroupMember.group_id == ScimGroup.id)
        .where(ScimGroupMember.person_id == person.id)
        .order_by(ScimGroup.display_name)
    ).all()
    scim_id = user_id(person.id, secret)
    resource = UserResource(
        id=scim_id,
        external_id=person.employee_id,
        user_name=person.scim_user_name or person.email,
        display_name=person.name,
        active=person.active,
        emails=[
            LmsEmail(value=person.email, type=Email.Type.work, primary=True)
            if to_patch
            else LmsEmail(value=person.email)
        ],
        groups=[
            GroupMembership.model_validate(
                {
                    "value": public_id,
                    "display": name,
                    "$ref": f"{base_url}/Groups/{public_id}",
                }
            )
            for public_id, name in groups
        ]
        or None,
        meta=Meta(
            resource_type="User",
            created=person.created_at,
            last_modified=person.created_at,
            location=f"{base_url}/Users/{scim_id}",
        ),
    )
    resource[EnterpriseUser] = EnterpriseUser(
        department=department.name if department else None
    )
    return resource


def group_resource(
    session: Session, group: ScimGroup, base_url: str, secret: str
) -> Any:
    members = session.execute(
        select(Person.id)
        .join(ScimGroupMember, ScimGroupMember.person_id == Person.id)
        .where(ScimGroupMember.group_id == group.id, Person.scim_deleted_at.is_(None))
        .order_by(Person.id)
    ).all()
    return Group(
        id=group.public_id,
        external_id=group.external_id,
        display_name=group.display_name,
        members=[
            GroupMember.model_validate(
                {
                    "value": user_id(number, secret),
                    "$ref": f"{base_url}/Users/{user_id(number, secret)}",
                    "type": "User",
                }
            )
            for (number,) in members
        ]
        or None,
        meta=Meta(
            resource_type="Group",
            created=group.created_at,
            last_modified=group.updated_at,
            location=f"{base_url}/Groups/{group.public_id}",
        ),
    )
