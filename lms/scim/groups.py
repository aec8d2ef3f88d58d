"""SCIM Groups: stored as the directory names them; LMS_SCIM_GROUP_MAP gives meaning.

Joining a mapped group gives its role or department; leaving it takes the role
away unless another of the person's groups gives it. Roles the map never
mentions are left alone, so nobody becomes an administrator unless the map says
so. Every change is in the audit log.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.models import Department, Person, ScimGroup, ScimGroupMember
from lms.scim.errors import bad_request, conflict
from lms.scim.groupmap import GroupMeaning
from lms.scim.resources import person_number

GROUP_CREATE = "scim.group_create"
GROUP_EDIT = "scim.group_edit"
GROUP_DELETE = "scim.group_delete"
ROLES = "scim.roles"
GroupMap = Mapping[str, GroupMeaning]


def _member_ids(session: Session, group: Any, secret: str) -> set[int]:
    """The people a Group resource lists; 400 for an id that is no person."""
    wanted: set[int] = set()
    for member in group.members or []:
        number = person_number(str(member.value or ""), secret)
        if number is None or session.get(Person, number) is None:
            raise bad_request(
                f"members: {member.value!r} is not a User of this service."
            )
        wanted.add(number)
    return wanted


def _clean_name(group: Any) -> str:
    name = " ".join(str(group.display_name or "").split())
    if not name:
        raise bad_request("displayName is required.")
    if len(name) > 200:
        raise bad_request("displayName: at most 200 characters.")
    return name


def _check_name(session: Session, name: str, group_id: int | None) -> None:
    clash = session.scalar(
        select(ScimGroup.id).where(
            ScimGroup.display_name == name, ScimGroup.id != (group_id or -1)
        )
    )
    if clash is not None:
        raise conflict("displayName: another group already has this name.")


def members_of(session: Session, group: ScimGroup) -> set[int]:
    return set(
        session.scalars(
            select(ScimGroupMember.person_id).where(
                ScimGroupMember.group_id == group.id
            )
        )
    )


def apply_groups(
    session: Session, person: Person, mapping: GroupMap, token: str, now: datetime
) -> None:
    """Roles and department of a person after their groups changed."""
    names = session.scalars(
        select(ScimGroup.display_name)
        .join(ScimGroupMember, ScimGroupMember.group_id == ScimGroup.id)
        .where(ScimGroupMember.person_id == person.id)
        .order_by(ScimGroup.display_name)
    ).all()
    mapped = frozenset().union(*(m.roles for m in mapping.values()))
    given = frozenset().union(*(mapping[n].roles for n in names if n in mapping))
    before = person.roles
    after = (before - mapped) | given | {"learner"}
    if after != before:
        person.set_roles(after)
        audit(
            session,
            None,
            ROLES,
            person.email,
            details={
                "person_id": person.id,
                "token": token,
                "before": sorted(before),
                "after": sorted(after),
            },
            now=now,
        )
    departments = [mapping[n].department for n in names if n in mapping]
    department = next((d for d in departments if d), None)
    if department is not None:
        found = session.scalar(select(Department).where(Department.name == department))
        if found is None:
            found = Department(name=department)
            session.add(found)
            session.flush()
        person.department_id = found.id
    session.flush()


def _set_members(
    session: Session,
    group: ScimGroup,
    wanted: set[int],
    mapping: GroupMap,
    token: str,
    now: datetime,
) -> tuple[int, int]:
    current = members_of(session, group)
    added, removed = wanted - current, current - wanted
    if removed:
        session.execute(
            delete(ScimGroupMember).where(
                ScimGroupMember.group_id == group.id,
                ScimGroupMember.person_id.in_(removed),
            )
        )
    if added:
        session.execute(
            insert(ScimGroupMember),
            [{"group_id": group.id, "person_id": p} for p in sorted(added)],
        )
    session.flush()
    for person_id in sorted(added | removed):
        person = session.get(Person, person_id)
        if person is not None:
            apply_groups(session, person, mapping, token, now)
    return len(added), len(removed)


def create_group(
    session: Session,
    resource: Any,
    mapping: GroupMap,
    token: str,
    secret: str,
    now: datetime,
) -> ScimGroup:
    name = _clean_name(resource)
    _check_name(session, name, None)
    wanted = _member_ids(session, resource, secret)
    group = ScimGroup(
        public_id=secrets.token_hex(16),
        display_name=name,
        external_id=(resource.external_id or None),
        created_at=now,
        updated_at=now,
    )
    session.add(group)
    session.flush()
    added, _ = _set_members(session, group, wanted, mapping, token, now)
    audit(
        session,
        None,
        GROUP_CREATE,
        name,
        details={"token": token, "added": added},
        now=now,
    )
    return group


def replace_group(
    session: Session,
    group: ScimGroup,
    resource: Any,
    mapping: GroupMap,
    token: str,
    secret: str,
    now: datetime,
) -> None:
    name = _clean_name(resource)
    _check_name(session, name, group.id)
    wanted = _member_ids(session, resource, secret)
    fields = []
    if name != group.display_name:
        fields.append("displayName")
    if (resource.external_id or None) != group.external_id:
        fields.append("externalId")
    group.display_name = name
    group.external_id = resource.external_id or None
    group.updated_at = now
    session.flush()
    added, removed = _set_members(session, group, wanted, mapping, token, now)
    if fields or added or removed:
        audit(
            session,
            None,
            GROUP_EDIT,
            name,
            details={
                "token": token,
                "fields": fields,
                "added": added,
                "removed": removed,
            },
            now=now,
        )


def delete_group(
    session: Session, group: ScimGroup, mapping: GroupMap, token: str, now: datetime
) -> None:
    _set_members(session, group, set(), mapping, token, now)
    session.delete(group)
    session.flush()
    audit(
        session,
        None,
        GROUP_DELETE,
        group.display_name,
        details={"token": token},
        now=now,
    )
