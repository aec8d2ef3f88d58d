"""Bad input at the callback: a clear page in the person's language, nothing
created, an entry in the audit log."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.models import AuditEntry, LoginSession, Person
from lms.sso.settings import read_settings
from lms.sso.views import EXTENSION, PENDING
from tests.sso.provider import Provider, ProviderBrowser, local_path


def _callback(client: Any, provider: Provider, login: str = "anna") -> str:
    start = client.get("/login/sso")
    with ProviderBrowser(provider) as browser:
        return local_path(browser.log_in(start.headers["Location"], login))


def _nothing_created(db: Any, reason: str) -> None:
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Person)) == 0
    assert db.scalar(select(func.count()).select_from(LoginSession)) == 0
    failed = db.scalars(select(AuditEntry).where(AuditEntry.action == "sso.failed"))
    assert [entry.reason for entry in failed] == [reason]


def test_a_wrong_state_is_refused(client: Any, provider: Provider, db: Any) -> None:
    url = _callback(client, provider)
    response = client.get(url.replace("state=", "state=x"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Login failed" in html
    assert "no longer valid" in html
    _nothing_created(db, "wrong_state")


def test_a_replayed_callback_is_refused(
    client: Any, make_client: Any, provider: Provider, db: Any
) -> None:
    url = _callback(client, provider)
    assert client.get(url).status_code == 302
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    again = client.get(url)
    assert again.status_code == 400
    assert "no longer valid" in again.get_data(as_text=True)
    # Another browser with the stolen URL gets nothing either.
    assert make_client().get(url).status_code == 400
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Person)) == 1
    reasons = db.scalars(
        select(AuditEntry.reason).where(AuditEntry.action == "sso.failed")
    )
    assert list(reasons) == ["no_pending_login", "no_pending_login"]


def test_a_wrong_nonce_is_refused_in_german(
    client: Any, provider: Provider, db: Any
) -> None:
    client.set_cookie("lms_lang", "de")
    url = _callback(client, provider)
    # The provider signed the nonce of the login that was started; this browser
    # now expects another one (as after a replayed ID token).
    with client.session_transaction() as session:
        session[PENDING] = {**session[PENDING], "nonce": "another-nonce"}
    response = client.get(url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Anmeldung fehlgeschlagen" in html
    assert "konnte nicht geprüft werden" in html
    _nothing_created(db, "bad_id_token")


def test_a_login_refused_at_the_provider(
    client: Any, provider: Provider, db: Any
) -> None:
    client.get("/login/sso")
    with client.session_transaction() as session:
        state = session[PENDING]["state"]
    response = client.get(
        f"/login/sso/callback?error=access_denied&state={state}"
        "&error_description=End-User+aborted+interaction"
    )
    assert response.status_code == 400
    assert "did not complete the login" in response.get_data(as_text=True)
    _nothing_created(db, "provider_error")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Firma cannot be reached right now"),
        ("de", "Firma ist gerade nicht erreichbar"),
    ],
)
def test_a_provider_that_is_down(
    app: Any, client: Any, provider: Provider, db: Any, language: str, text: str
) -> None:
    config = {
        **provider.config(),
        "LMS_OIDC_ISSUER": f"http://127.0.0.1:{_closed_port()}",
    }
    app.extensions[EXTENSION] = read_settings(config)
    client.set_cookie("lms_lang", language)
    response = client.get("/login/sso")
    assert response.status_code == 503
    assert text in response.get_data(as_text=True)
    _nothing_created(db, "provider_unreachable")


def test_a_provider_under_another_name_is_refused(
    app: Any, client: Any, provider: Provider, db: Any
) -> None:
    # Discovery at this address names another issuer (127.0.0.1, not localhost).
    config = {
        **provider.config(),
        "LMS_OIDC_ISSUER": provider.issuer.replace("127.0.0.1", "localhost"),
    }
    app.extensions[EXTENSION] = read_settings(config)
    response = client.get("/login/sso")
    assert response.status_code == 400
    assert "not set up correctly" in response.get_data(as_text=True)
    _nothing_created(db, "issuer_mismatch")


def test_a_deactivated_person_cannot_log_in_with_the_company_account(
    client: Any, provider: Provider, db: Any, make_person: Any
) -> None:
    leaver = make_person(email="anna.berg@firma.local", active=False)
    response = client.get(_callback(client, provider))
    assert response.status_code == 400
    assert "deactivated" in response.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Person)) == 1
    assert db.scalar(select(func.count()).select_from(LoginSession)) == 0
    assert db.get(Person, leaver.id).sso_subject is None
    reasons = db.scalars(
        select(AuditEntry.reason).where(AuditEntry.action == "sso.failed")
    )
    assert list(reasons) == ["inactive"]
