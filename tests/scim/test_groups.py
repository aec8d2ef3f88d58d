"""SCIM Groups: stored as named; LMS_SCIM_GROUP_MAP turns membership into roles."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from lms.models import AuditEntry, Department, Person
from lms.scim.groupmap import GroupMapError, GroupMeaning, parse_group_map

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    app_config["LMS_SCIM_GROUP_MAP"] = (
        "LMS HR=role:hr, LMS Admins=role:admin; Sales team=department:Sales"
    )
    return app_config


def user(scim: Any, email: str) -> str:
    body = {"schemas": [USER], "userName": email, "emails": [{"value": email}]}
    response = scim("POST", "/Users", json=body)
    assert response.status_code == 201, response.json
    return str(response.json["id"])


def person(db: Any, email: str) -> Person:
    db.rollback()
    found: Person = db.scalar(select(Person).where(Person.email == email))
    return found


def test_parse_group_map() -> None:
    parsed = parse_group_map(
        "A=role:hr,A=department:Sales;B = role:Admin\nC=role:author"
    )
    assert parsed == {
        "A": GroupMeaning(frozenset({"hr"}), "Sales"),
        "B": GroupMeaning(frozenset({"admin"})),
        "C": GroupMeaning(frozenset({"author"})),
    }
    assert parse_group_map("") == {}


@pytest.mark.parametrize(
    "text", ["A=role:boss", "A=hr", "=role:hr", "A=department:", "A=team:x"]
)
def test_wrong_group_map_is_refused(text: str) -> None:
    with pytest.raises(GroupMapError, match="LMS_SCIM_GROUP_MAP"):
        parse_group_map(text)


def test_mapped_group_gives_and_takes_a_role(scim: Any, db: Any) -> None:
    anna = user(scim, "anna@example.com")
    created = scim(
        "POST",
        "/Groups",
        json={
            "schemas": [GROUP],
            "displayName": "LMS HR",
            "members": [{"value": anna}],
        },
    )
    assert created.status_code == 201, created.json
    assert person(db, "anna@example.com").roles == {"learner", "hr"}
    assert scim("GET", f"/Users/{anna}").json["groups"][0]["display"] == "LMS HR"
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "remove", "path": f'members[value eq "{anna}"]'}],
    }
    removed = scim("PATCH", f"/Groups/{created.json['id']}", json=patch)
    assert removed.status_code == 200, removed.json
    assert person(db, "anna@example.com").roles == {"learner"}
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-4:] == [
        "scim.roles",
        "scim.group_create",
        "scim.roles",
        "scim.group_edit",
    ]


def test_unmapped_group_gives_nothing_not_even_admin(scim: Any, db: Any) -> None:
    anna = user(scim, "anna@example.com")
    body = {"schemas": [GROUP], "displayName": "Admins", "members": [{"value": anna}]}
    assert scim("POST", "/Groups", json=body).status_code == 201
    assert person(db, "anna@example.com").roles == {"learner"}


def test_admin_only_by_the_map_and_patch_add(scim: Any, db: Any) -> None:
    anna = user(scim, "anna@example.com")
    group = scim(
        "POST", "/Groups", json={"schemas": [GROUP], "displayName": "LMS Admins"}
    )
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": anna}]}],
    }
    response = scim("PATCH", f"/Groups/{group.json['id']}", json=patch)
    assert response.status_code == 200, response.json
    assert [m["value"] for m in response.json["members"]] == [anna]
    assert person(db, "anna@example.com").roles == {"learner", "admin"}


def test_department_group_and_delete(scim: Any, db: Any) -> None:
    anna = user(scim, "anna@example.com")
    body = {
        "schemas": [GROUP],
        "displayName": "Sales team",
        "members": [{"value": anna}],
    }
    group = scim("POST", "/Groups", json=body).json
    anna_row = person(db, "anna@example.com")
    assert db.get(Department, anna_row.department_id).name == "Sales"
    listing = scim("GET", '/Groups?filter=displayName eq "Sales team"').json
    assert [g["id"] for g in listing["Resources"]] == [group["id"]]
    assert scim("DELETE", f"/Groups/{group['id']}").status_code == 204
    assert scim("GET", f"/Groups/{group['id']}").status_code == 404
    assert "groups" not in scim("GET", f"/Users/{anna}").json


def test_group_errors(scim: Any) -> None:
    body = {"schemas": [GROUP], "displayName": "Twice"}
    assert scim("POST", "/Groups", json=body).status_code == 201
    again = scim("POST", "/Groups", json=body)
    assert again.status_code == 409
    assert again.json["scimType"] == "uniqueness"
    stranger = {**body, "displayName": "Other", "members": [{"value": "1-forged"}]}
    refused = scim("POST", "/Groups", json=stranger)
    assert refused.status_code == 400
    assert (
        scim("GET", '/Groups?filter=displayName eq "Other"').json["totalResults"] == 0
    )
    assert scim("GET", "/Groups/nope").status_code == 404


def test_a_wrong_group_map_stops_the_start(app_config: dict[str, Any]) -> None:
    from lms import create_app

    with pytest.raises(GroupMapError, match="'Admins=role:boss'"):
        create_app({**app_config, "LMS_SCIM_GROUP_MAP": "Admins=role:boss"})
