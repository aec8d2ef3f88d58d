"""One function per SCIM request: payload in (a dict), SCIM body out; errors raise.

The payloads are read with scim2-models (validation per operation, PATCH
applied by its PatchOp); what a resource means for a person is lms.scim.people,
for a group lms.scim.groups. Callers commit on success and roll back on error,
so a refused request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError as PydanticError
from scim2_models import (
    Context,
    EnterpriseUser,
    Error,
    Group,
    ListResponse,
    PatchOp,
    ResponseParameters,
    SCIMException,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Person, ScimGroup
from lms.scim import groups as group_service
from lms.scim import people
from lms.scim.errors import ScimError, bad_request, not_found
from lms.scim.groupmap import GroupMeaning
from lms.scim.resources import (
    Page,
    UserResource,
    find_person,
    group_resource,
    list_groups,
    list_people,
    user_resource,
)

Body = dict[str, Any]


@dataclass(frozen=True)
class Caller:
    """Who asks (the token's name, for the audit log) and the service's settings."""

    token: str
    secret: str
    base_url: str
    group_map: dict[str, GroupMeaning]
    now: datetime
    # RFC 7644 §3.9: the attributes to return, or to leave out (comma lists).
    attributes: str | None = None
    excluded_attributes: str | None = None


def _read(model: Any, payload: Any, context: Context) -> Any:
    if not isinstance(payload, dict):
        raise bad_request("The body is not a JSON object.", "invalidSyntax")
    try:
        return model.model_validate(payload, scim_ctx=context)
    except PydanticError as error:
        body = Error.from_validation_error(error.errors()[0])
        raise ScimError(400, str(body.detail), body.scim_type) from None
    except SCIMException as error:
        raise ScimError(400, str(error.detail), error.scim_type) from None


def _parameters(model: Any, caller: Caller) -> Any:
    if not (caller.attributes or caller.excluded_attributes):
        return None
    raw = {
        "attributes": caller.attributes or None,
        "excludedAttributes": caller.excluded_attributes or None,
    }
    return _read(ResponseParameters[model], raw, Context.SEARCH_REQUEST)


def _dump(resource: Any, caller: Caller) -> Body:
    dumped: Body = resource.model_dump(
        scim_ctx=Context.RESOURCE_QUERY_RESPONSE,
        response_parameters=_parameters(type(resource), caller),
    )
    return dumped


def _person(session: Session, scim_id: str, caller: Caller) -> Person:
    person = find_person(session, scim_id, caller.secret)
    if person is None:
        raise not_found("User")
    return person


def _group(session: Session, public_id: str) -> ScimGroup:
    group = session.scalar(select(ScimGroup).where(ScimGroup.public_id == public_id))
    if group is None:
        raise not_found("Group")
    return group


def _department(resource: Any) -> str | None:
    extension = resource[EnterpriseUser]
    return extension.department if extension is not None else None


def get_user(session: Session, scim_id: str, caller: Caller) -> Body:
    person = _person(session, scim_id, caller)
    return _dump(user_resource(session, person, caller.base_url, caller.secret), caller)


def create_user(session: Session, payload: Any, caller: Caller) -> Body:
    resource = _read(UserResource, payload, Context.RESOURCE_CREATION_REQUEST)
    wanted = people.wanted_values(resource, _department(resource))
    deleted = session.scalar(
        select(Person).where(
            Person.email == wanted.email, Person.scim_deleted_at.is_not(None)
        )
    )
    if deleted is not None:  # re-hired: the old account comes back
        deleted.scim_deleted_at = None
        people.update_person(session, deleted, wanted, caller.token, caller.now)
        person = deleted
    else:
        person = people.create_person(session, wanted, caller.token, caller.now)
    return _dump(user_resource(session, person, caller.base_url, caller.secret), caller)


def replace_user(session: Session, scim_id: str, payload: Any, caller: Caller) -> Body:
    person = _person(session, scim_id, caller)
    resource = _read(UserResource, payload, Context.RESOURCE_REPLACEMENT_REQUEST)
    wanted = people.wanted_values(resource, _department(resource))
    people.update_person(session, person, wanted, caller.token, caller.now)
    return _dump(user_resource(session, person, caller.base_url, caller.secret), caller)


def patch_user(session: Session, scim_id: str, payload: Any, caller: Caller) -> Body:
    person = _person(session, scim_id, caller)
    patch = _read(PatchOp[UserResource], payload, Context.RESOURCE_PATCH_REQUEST)
    resource = user_resource(
        session, person, caller.base_url, caller.secret, to_patch=True
    )
    try:
        patch.patch(resource)
    except SCIMException as error:
        raise ScimError(400, str(error.detail), error.scim_type) from None
    wanted = people.wanted_values(resource, _department(resource))
    people.update_person(session, person, wanted, caller.token, caller.now)
    return _dump(user_resource(session, person, caller.base_url, caller.secret), caller)


def delete_user(session: Session, scim_id: str, caller: Caller) -> None:
    person = _person(session, scim_id, caller)
    people.delete_person(session, person, caller.token, caller.now)


def _list(page: Page, model: Any, caller: Caller) -> Body:
    response = ListResponse[model](
        total_results=page.total,
        start_index=page.start_index,
        items_per_page=len(page.items),
        resources=page.items,
    )
    dumped: Body = response.model_dump(
        scim_ctx=Context.SEARCH_RESPONSE,
        response_parameters=_parameters(model, caller),
    )
    dumped.setdefault("Resources", [])
    return dumped


def list_users(
    session: Session, query: str | None, start: int, count: int, caller: Caller
) -> Body:
    total, found = list_people(session, query, start, count)
    items = [user_resource(session, p, caller.base_url, caller.secret) for p in found]
    return _list(Page(total, start, items), UserResource, caller)


def list_all_groups(
    session: Session, query: str | None, start: int, count: int, caller: Caller
) -> Body:
    total, found = list_groups(session, query, start, count)
    items = [group_resource(session, g, caller.base_url, caller.secret) for g in found]
    return _list(Page(total, start, items), Group, caller)


def get_group(session: Session, public_id: str, caller: Caller) -> Body:
    group = _group(session, public_id)
    return _dump(group_resource(session, group, caller.base_url, caller.secret), caller)


def create_group(session: Session, payload: Any, caller: Caller) -> Body:
    resource = _read(Group, payload, Context.RESOURCE_CREATION_REQUEST)
    group = group_service.create_group(
        session, resource, caller.group_map, caller.token, caller.secret, caller.now
    )
    return _dump(group_resource(session, group, caller.base_url, caller.secret), caller)


def replace_group(
    session: Session, public_id: str, payload: Any, caller: Caller
) -> Body:
    group = _group(session, public_id)
    resource = _read(Group, payload, Context.RESOURCE_REPLACEMENT_REQUEST)
    group_service.replace_group(
        session,
        group,
        resource,
        caller.group_map,
        caller.token,
        caller.secret,
        caller.now,
    )
    return _dump(group_resource(session, group, caller.base_url, caller.secret), caller)


def patch_group(session: Session, public_id: str, payload: Any, caller: Caller) -> Body:
    group = _group(session, public_id)
    patch = _read(PatchOp[Group], payload, Context.RESOURCE_PATCH_REQUEST)
    resource = group_resource(session, group, caller.base_url, caller.secret)
    try:
        patch.patch(resource)
    except SCIMException as error:
        raise ScimError(400, str(error.detail), error.scim_type) from None
    group_service.replace_group(
        session,
        group,
        resource,
        caller.group_map,
        caller.token,
        caller.secret,
        caller.now,
    )
    return _dump(group_resource(session, group, caller.base_url, caller.secret), caller)


def delete_group(session: Session, public_id: str, caller: Caller) -> None:
    group = _group(session, public_id)
    group_service.delete_group(
        session, group, caller.group_map, caller.token, caller.now
    )
