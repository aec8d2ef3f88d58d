"""SCIM Users: create, get, replace, patch, delete, list with filter and paging."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from lms.models import AuditEntry, Department, Person
from tests.fixtures.people import PASSWORD

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def entra_user(**overrides: Any) -> dict[str, Any]:
    """A User as Microsoft Entra ID sends it."""
    body: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE],
        "externalId": "E-1001",
        "userName": "anna.berg@firma.local",
        "active": True,
        "displayName": "Anna Berg",
        "name": {"givenName": "Anna", "familyName": "Berg"},
        "emails": [
            {"value": "anna@firma.local", "type": "work", "primary": True},
            {"value": "anna.private@example.com", "primary": False},
        ],
        ENTERPRISE: {"department": "Sales"},
    }
    body.update(overrides)
    return body


def audit_actions(db: Any) -> list[str]:
    db.rollback()
    return list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_create_maps_onto_the_person_and_is_audited(scim: Any, db: Any) -> None:
    response = scim("POST", "/Users", json=entra_user())
    assert response.status_code == 201, response.json
    body = response.json
    assert response.headers["Location"] == body["meta"]["location"]
    assert body["userName"] == "anna.berg@firma.local"
    assert body["externalId"] == "E-1001"
    assert body["emails"] == [{"value": "anna@firma.local"}]
    assert body[ENTERPRISE]["department"] == "Sales"
    person = db.scalar(select(Person).where(Person.email == "anna@firma.local"))
    assert person.name == "Anna Berg"
    assert person.employee_id == "E-1001"
    assert person.scim_user_name == "anna.berg@firma.local"
    assert person.roles == {"learner"}
    assert db.get(Department, person.department_id).name == "Sales"
    assert person.password_hash is None
    assert audit_actions(db)[-1] == "scim.create"
    # The id is not the row number: it carries a signature.
    assert body["id"] != str(person.id)
    assert body["id"].startswith(f"{person.id}-")
    assert scim("GET", f"/Users/{person.id}-0").status_code == 404


def test_name_falls_back_to_given_and_family_name(scim: Any, db: Any) -> None:
    body = entra_user(displayName=None)
    del body["displayName"]
    assert scim("POST", "/Users", json=body).status_code == 201
    assert db.scalar(select(Person.name).where(Person.employee_id == "E-1001")) == (
        "Anna Berg"
    )


def test_get_list_filter_and_paging(scim: Any, make_person: Any) -> None:
    for number in range(5):
        make_person(email=f"p{number}@example.com")
    created = scim("POST", "/Users", json=entra_user()).json
    assert scim("GET", f"/Users/{created['id']}").json["userName"] == (
        "anna.berg@firma.local"
    )
    listing = scim("GET", "/Users?startIndex=2&count=3").json
    assert listing["totalResults"] == 7  # and the admin who made the token
    assert listing["startIndex"] == 2
    assert listing["itemsPerPage"] == 3
    assert len(listing["Resources"]) == 3
    by_name = scim("GET", '/Users?filter=userName eq "Anna.Berg@firma.local"').json
    assert [r["id"] for r in by_name["Resources"]] == [created["id"]]
    # People who were never provisioned are found by their e-mail as userName.
    local = scim("GET", '/Users?filter=userName eq "p3@example.com"').json
    assert local["totalResults"] == 1
    by_external = scim("GET", '/Users?filter=externalId eq "E-1001"').json
    assert by_external["totalResults"] == 1
    none = scim("GET", '/Users?filter=externalId eq "nobody"').json
    assert none["totalResults"] == 0
    assert none["Resources"] == []


@pytest.mark.parametrize(
    ("query", "scim_type"),
    [
        ('filter=displayName co "a"', "invalidFilter"),
        ("filter=userName", "invalidFilter"),
        ("count=many", "invalidValue"),
    ],
)
def test_unsupported_queries_are_400(scim: Any, query: str, scim_type: str) -> None:
    response = scim("GET", f"/Users?{query}")
    assert response.status_code == 400
    assert response.json["schemas"] == [ERROR]
    assert response.json["scimType"] == scim_type
    assert response.json["detail"]


def test_replace_changes_fields_and_audits_them(scim: Any, db: Any) -> None:
    created = scim("POST", "/Users", json=entra_user()).json
    replaced = scim(
        "PUT",
        f"/Users/{created['id']}",
        json=entra_user(displayName="Anna Schmidt", externalId="E-2002"),
    )
    assert replaced.status_code == 200, replaced.json
    assert replaced.json["displayName"] == "Anna Schmidt"
    person = db.scalar(select(Person).where(Person.email == "anna@firma.local"))
    assert (person.name, person.employee_id) == ("Anna Schmidt", "E-2002")
    entry = db.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry.action == "scim.edit"
    assert '"employee_id"' in entry.details_json
    assert '"name"' in entry.details_json


def test_patch_active_false_ends_sessions_at_once(
    scim: Any, make_client: Any, make_person: Any, db: Any
) -> None:
    person = make_person(email="leaver@example.com")
    browser = make_client()
    login = browser.submit("/login", {"email": person.email, "password": PASSWORD})
    assert login.status_code == 302
    assert browser.get("/").status_code == 200
    found = scim("GET", '/Users?filter=userName eq "leaver@example.com"').json
    scim_id = found["Resources"][0]["id"]
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "Replace", "path": "active", "value": False}],
    }
    response = scim("PATCH", f"/Users/{scim_id}", json=patch)
    assert response.status_code == 200, response.json
    assert response.json["active"] is False
    # The open browser session is over on its very next request.
    after = browser.get("/")
    assert after.status_code == 302
    assert "/login" in after.headers["Location"]
    db.rollback()
    assert db.get(Person, person.id).active is False
    assert audit_actions(db)[-1] == "scim.deactivate"


@pytest.mark.parametrize(
    "operations",
    [
        [{"op": "add", "path": "displayName", "value": "Anna B."}],
        [{"op": "replace", "value": {"displayName": "Anna B."}}],
        [{"op": "replace", "path": "displayName", "value": "Anna B."}],
    ],
)
def test_patch_add_and_replace(scim: Any, operations: list[Any]) -> None:
    created = scim("POST", "/Users", json=entra_user()).json
    patch = {"schemas": [PATCH], "Operations": operations}
    response = scim("PATCH", f"/Users/{created['id']}", json=patch)
    assert response.status_code == 200, response.json
    assert response.json["displayName"] == "Anna B."


def test_patch_remove_clears_the_department(scim: Any, db: Any) -> None:
    created = scim("POST", "/Users", json=entra_user()).json
    patch = {
        "schemas": [PATCH],
        "Operations": [{"op": "remove", "path": f"{ENTERPRISE}:department"}],
    }
    response = scim("PATCH", f"/Users/{created['id']}", json=patch)
    assert response.status_code == 200, response.json
    assert ENTERPRISE not in response.json or not response.json[ENTERPRISE]
    db.rollback()
    person = db.scalar(select(Person).where(Person.email == "anna@firma.local"))
    assert person.department_id is None


def test_delete_deactivates_and_hides_then_post_brings_back(scim: Any, db: Any) -> None:
    created = scim("POST", "/Users", json=entra_user()).json
    assert scim("DELETE", f"/Users/{created['id']}").status_code == 204
    assert scim("GET", f"/Users/{created['id']}").status_code == 404
    db.rollback()
    person = db.scalar(select(Person).where(Person.email == "anna@firma.local"))
    assert person.active is False
    assert person.scim_deleted_at is not None
    assert audit_actions(db)[-2:] == ["scim.deactivate", "scim.delete"]
    again = scim("POST", "/Users", json=entra_user())
    assert again.status_code == 201
    assert again.json["id"] == created["id"]
    assert again.json["active"] is True


@pytest.mark.parametrize(
    ("body", "status", "scim_type"),
    [
        ("not json", 400, "invalidSyntax"),
        ({"schemas": [USER]}, 400, None),
        ({"schemas": [USER], "userName": 5}, 400, None),
        ({"schemas": [USER], "userName": "no-email", "emails": []}, 400, None),
        (entra_user(emails=[{"value": "anna@", "primary": True}]), 400, None),
        (entra_user(externalId="x" * 65), 400, None),
    ],
)
def test_malformed_requests_are_400_and_change_nothing(
    scim: Any, db: Any, body: Any, status: int, scim_type: str | None
) -> None:
    before = db.scalar(select(func.count()).select_from(Person))
    kw = {"data": body, "content_type": "application/scim+json"}
    response = scim(
        "POST", "/Users", **({"json": body} if isinstance(body, dict) else kw)
    )
    assert response.status_code == status
    assert response.json["schemas"] == [ERROR]
    assert response.json["status"] == str(status)
    assert response.json["detail"]
    if scim_type:
        assert response.json["scimType"] == scim_type
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Person)) == before
    assert "scim.create" not in audit_actions(db)


@pytest.mark.parametrize(
    "clash",
    [
        {"userName": "taken@example.com"},
        {"emails": [{"value": "taken@example.com", "primary": True}]},
        {"externalId": "E-TAKEN"},
    ],
)
def test_uniqueness_conflicts_are_409(
    scim: Any, db: Any, make_person: Any, clash: dict[str, Any]
) -> None:
    make_person(email="taken@example.com")
    assert (
        scim(
            "POST",
            "/Users",
            json=entra_user(
                externalId="E-TAKEN",
                userName="other@x.local",
                emails=[{"value": "other@x.local"}],
            ),
        ).status_code
        == 201
    )
    before = audit_actions(db)
    response = scim("POST", "/Users", json=entra_user(**clash))
    assert response.status_code == 409, response.json
    assert response.json["scimType"] == "uniqueness"
    assert audit_actions(db) == before


def test_replace_into_a_conflict_changes_nothing(
    scim: Any, db: Any, make_person: Any
) -> None:
    make_person(email="taken@example.com")
    created = scim("POST", "/Users", json=entra_user()).json
    response = scim(
        "PUT",
        f"/Users/{created['id']}",
        json=entra_user(active=False, emails=[{"value": "taken@example.com"}]),
    )
    assert response.status_code == 409
    db.rollback()
    person = db.scalar(select(Person).where(Person.email == "anna@firma.local"))
    assert person.active is True


def test_unknown_ids_are_404(scim: Any) -> None:
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        response = scim(method, "/Users/999-abcdef", json=entra_user())
        assert response.status_code == 404
        assert response.json["schemas"] == [ERROR]


def test_entra_style_patch_with_string_booleans_and_filtered_paths(
    scim: Any, db: Any
) -> None:
    """Entra ID sends "False" as a string and e-mail paths with a filter."""
    created = scim("POST", "/Users", json=entra_user()).json
    patch = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "Replace", "path": "active", "value": "False"},
            {
                "op": "Add",
                "path": 'emails[type eq "work"].value',
                "value": "anna.berg@firma.local",
            },
        ],
    }
    response = scim("PATCH", f"/Users/{created['id']}", json=patch)
    assert response.status_code == 200, response.json
    assert response.json["active"] is False
    db.rollback()
    found = db.scalar(select(Person).where(Person.employee_id == "E-1001"))
    assert found.active is False
    assert found.email == "anna.berg@firma.local"
