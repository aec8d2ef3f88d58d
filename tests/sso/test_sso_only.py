"""LMS_SSO_ONLY: no password form for staff; break-glass administrators get in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.people import PASSWORD
from tests.sso.provider import Provider

BREAK_GLASS = "it-notfall@firma.local"


@pytest.fixture
def app_config(app_config: dict[str, Any], provider: Provider) -> dict[str, Any]:
    app_config.update(LMS_SSO_ONLY=True, LMS_SSO_BREAK_GLASS_EMAIL=BREAK_GLASS)
    return app_config


def _password_login(client: Any, url: str, email: str) -> Any:
    return client.submit(
        url, {"email": email, "password": PASSWORD}, page="/login/local"
    )


def test_the_login_page_has_only_the_company_login(
    client: Any, make_person: Any
) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert "Log in with Firma" in html
    assert 'name="password"' not in html
    # A password sent to /login anyway logs nobody in.
    learner = make_person()
    response = _password_login(client, "/login", learner.email)
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_break_glass_administrator_logs_in_at_the_local_page(
    client: Any, make_person: Any
) -> None:
    html = client.get("/login/local").get_data(as_text=True)
    assert 'name="password"' in html
    assert "Log in with Firma" not in html
    admin = make_person(roles=("admin",))
    response = _password_login(client, "/login/local", admin.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_the_configured_address_may_break_glass_too(
    client: Any, make_person: Any
) -> None:
    person = make_person(email=BREAK_GLASS, roles=("hr",))
    response = _password_login(client, "/login/local", person.email)
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["learner", "hr", "author"])
def test_everyone_else_is_refused_at_the_local_page(
    client: Any, make_person: Any, role: str
) -> None:
    person = make_person(roles=(role,))
    response = _password_login(client, "/login/local", person.email)
    assert response.status_code == 200
    assert "The e-mail address or password is wrong." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
