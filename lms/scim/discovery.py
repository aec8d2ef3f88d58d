"""What the service publishes about itself (RFC 7644 §4): only what it really keeps.

The schemas are the standard ones cut down to the attributes that map onto a
person or a group, so a client (or the compliance checker) sees exactly what
round-trips.
"""

from __future__ import annotations

from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Meta,
    Patch,
    Required,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

from lms.scim.resources import MAX_COUNT

# Attribute (and sub-attribute) names kept in each published schema.
KEPT: dict[type[Any], dict[str, set[str] | None]] = {
    User: {
        "userName": None,
        "displayName": None,
        "active": None,
        "emails": {"value"},
        "groups": None,
    },
    EnterpriseUser: {"department": None},
    Group: {"displayName": None, "members": {"value", "$ref", "type"}},
}


# Every person has an e-mail address (their login), a name and a state: a
# request may leave them out (defaults apply) but they cannot be removed.
REQUIRED = {"emails", "displayName", "active"}


def _cut(model: type[Any], base_url: str) -> Schema:
    schema: Schema = model.to_schema()
    kept = KEPT[model]
    attributes = []
    for attribute in schema.attributes or []:
        if attribute.name not in kept:
            continue
        subs = kept[attribute.name]
        if attribute.name in REQUIRED:
            attribute.required = Required.true
        if subs is not None and attribute.sub_attributes:
            attribute.sub_attributes = [
                sub for sub in attribute.sub_attributes if sub.name in subs
            ]
            for sub in attribute.sub_attributes:
                if attribute.name in REQUIRED and sub.name == "value":
                    sub.required = Required.true
        attributes.append(attribute)
    schema.attributes = attributes
    schema.meta = Meta(
        resource_type="Schema", location=f"{base_url}/Schemas/{schema.id}"
    )
    return schema


def schemas(base_url: str) -> list[Schema]:
    return [_cut(model, base_url) for model in (User, EnterpriseUser, Group)]


def resource_types(base_url: str) -> list[ResourceType]:
    found = []
    for model in (User[EnterpriseUser], Group):
        resource_type = ResourceType.from_resource(model)
        resource_type.meta = Meta(
            resource_type="ResourceType",
            location=f"{base_url}/ResourceTypes/{resource_type.id}",
        )
        found.append(resource_type)
    return found


def service_provider_config(base_url: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_COUNT),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token an administrator creates at /admin/scim-tokens.",
                primary=True,
            )
        ],
        meta=Meta(
            resource_type="ServiceProviderConfig",
            location=f"{base_url}/ServiceProviderConfig",
        ),
    )
