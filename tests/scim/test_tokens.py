"""SCIM tokens: made on the admin page, shown once, hashed, revocable, kept apart."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import select

from lms.models import ApiToken, AuditEntry

TOKEN_INPUT = re.compile(r'id="new-token"[^>]*value="([^"]+)"')


def make_token(client: Any, auth: Any) -> str:
    auth.login("admin")
    response = client.submit(
        "/admin/scim-tokens", {"name": "Entra ID"}, page="/admin/scim-tokens"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "http://localhost/scim/v2" in page  # the tenant URL to enter
    assert "/admin/scim-tokens" in client.get("/admin/").get_data(as_text=True)
    match = TOKEN_INPUT.search(page)
    assert match
    auth.logout()
    return match.group(1)


def test_token_shown_once_hashed_revocable(client: Any, auth: Any, db: Any) -> None:
    secret = make_token(client, auth)
    row = db.scalar(select(ApiToken).where(ApiToken.kind == "scim"))
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/Users", headers=headers).status_code == 200
    auth.login("admin")
    listing = client.get("/admin/scim-tokens").get_data(as_text=True)
    assert "Entra ID" in listing
    assert secret not in listing
    revoked = client.submit(
        f"/admin/scim-tokens/{row.id}/revoke", {}, page="/admin/scim-tokens"
    )
    assert revoked.status_code == 302
    response = client.get("/scim/v2/Users", headers=headers)
    assert response.status_code == 401
    assert response.json["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    db.rollback()
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["scim_token.create", "scim_token.revoke"]


def test_kinds_do_not_mix(client: Any, auth: Any) -> None:
    secret = make_token(client, auth)
    api = client.get(
        "/api/v1/completions", headers={"Authorization": f"Bearer {secret}"}
    )
    assert api.status_code == 401
    auth.login("admin")
    response = client.submit(
        "/admin/api-tokens", {"name": "HR"}, page="/admin/api-tokens"
    )
    api_secret = TOKEN_INPUT.search(response.get_data(as_text=True))
    assert api_secret
    scim = client.get(
        "/scim/v2/Users", headers={"Authorization": f"Bearer {api_secret.group(1)}"}
    )
    assert scim.status_code == 401


def test_bad_tokens_are_401(client: Any) -> None:
    for header in ("", "Bearer", "Bearer lms_forged", "Basic dXNlcjpwYXNz"):
        response = client.get("/scim/v2/Users", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
