"""Logging in and out through the real form, with CSRF and rate limits."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from argon2 import PasswordHasher

from lms.auth import passwords
from tests.fixtures.people import PASSWORD

WRONG = "The e-mail address or password is wrong."


def test_login_with_right_password_reaches_home(client: Any, make_person: Any) -> None:
    person = make_person(name="Ada Lovelace")
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert "Welcome, Ada Lovelace" in home.get_data(as_text=True)


def test_login_accepts_email_in_other_case(client: Any, make_person: Any) -> None:
    person = make_person(email="mixed@example.com")
    response = client.submit(
        "/login", {"email": " MIXED@example.com ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert person.email == "mixed@example.com"


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("known@example.com", "a wrong password entirely"),
        ("unknown@example.com", PASSWORD),
        ("not an e-mail", PASSWORD),
    ],
)
def test_failed_login_gives_one_message_for_every_cause(
    client: Any, make_person: Any, email: str, password: str
) -> None:
    make_person(email="known@example.com")
    response = client.submit("/login", {"email": email, "password": password})
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


def test_unknown_email_costs_the_same_hash_work_as_a_wrong_password(
    client: Any, make_person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_person(email="known@example.com")
    calls: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002
            calls.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher())
    client.submit(
        "/login", {"email": "known@example.com", "password": "wrong password here"}
    )
    wrong_password_calls = len(calls)
    calls.clear()
    client.submit(
        "/login", {"email": "nobody@example.com", "password": "wrong password here"}
    )
    assert wrong_password_calls == len(calls) == 1


def test_deactivated_account_cannot_log_in(client: Any, make_person: Any) -> None:
    person = make_person(active=False)
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)


def test_post_without_csrf_token_is_rejected_with_400(
    client: Any, make_person: Any
) -> None:
    person = make_person()
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_needs_post_and_ends_the_session(client: Any, auth: Any) -> None:
    auth.login()
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_redirects_to_next_only_within_the_site(client: Any, make_person: Any) -> None:
    person = make_person()
    response = client.submit(
        "/login", {"email": person.email, "password": PASSWORD, "next": "/people/"}
    )
    assert response.headers["Location"] == "/people/"
    client.submit("/logout", page="/")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.submit(
            "/login", {"email": person.email, "password": PASSWORD, "next": target}
        )
        assert response.headers["Location"] == "/", target
        client.submit("/logout", page="/")


def test_anonymous_visitor_is_sent_to_login_with_next(client: Any) -> None:
    response = client.get("/people/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_remember_me_sets_a_lasting_cookie(client: Any, make_person: Any) -> None:
    person = make_person()
    client.submit(
        "/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    assert client.get_cookie("remember_token") is not None


def test_session_cookie_is_httponly_and_lax(client: Any, make_person: Any) -> None:
    person = make_person()
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    cookie = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith("session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # http base URL in tests


def test_session_is_renewed_at_login(client: Any, make_person: Any) -> None:
    person = make_person()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_repeated_failures_are_limited_per_address(
    app: Any, client: Any, make_person: Any
) -> None:
    app.config["LMS_LOGIN_LIMIT"] = "3 per 15 minutes"
    for number in range(3):
        client.submit(
            "/login", {"email": f"guess{number}@example.com", "password": "x" * 12}
        )
    person = make_person()
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 429


def test_successful_logins_do_not_use_up_the_limit(
    app: Any, client: Any, make_person: Any
) -> None:
    app.config["LMS_LOGIN_LIMIT"] = "2 per 15 minutes"
    person = make_person()
    for _attempt in range(4):
        response = client.submit(
            "/login", {"email": person.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        client.submit("/logout", page="/")


def test_set_password_is_rate_limited(app: Any, client: Any) -> None:
    app.config["LMS_LOGIN_LIMIT"] = "3 per 15 minutes"
    statuses = [
        client.submit(
            "/set-password/not-a-token", {"password": "x", "confirm": "x"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [404, 404, 404]
    assert statuses[3] == 429
