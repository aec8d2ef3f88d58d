"""SCIM test helpers: a live SCIM token and a client that sends it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from lms.api import tokens
from lms.db import get_session, utcnow


@pytest.fixture
def scim_token(app: Flask, make_person: Any) -> str:
    admin = make_person(roles=("admin",))
    with app.test_request_context(method="POST"):
        session = get_session()
        admin = session.merge(admin)
        new = tokens.create_token(session, admin, "Entra ID", utcnow(), "scim")
        session.commit()
        return new.secret


@pytest.fixture
def scim(client: Any, scim_token: str) -> Any:
    """Call /scim/v2 with the token: scim("POST", "/Users", json=...)."""

    def call(method: str, path: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {scim_token}", **kw.pop("headers", {})}
        return client.open(f"/scim/v2{path}", method=method, headers=headers, **kw)

    return call
