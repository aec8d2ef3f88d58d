"""Log in with the real OpenID Provider: the code flow end to end, then the LMS."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from lms.models import AuditEntry, Department, LoginSession, Person
from tests.sso.provider import Provider, ProviderBrowser, local_path


def sso_login(client: Any, provider: Provider, login: str, next_url: str = "") -> Any:
    """Click "Log in with Firma", log in at the provider, come back."""
    start = client.get("/login/sso" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.get_data(as_text=True)
    with ProviderBrowser(provider) as browser:
        callback = browser.log_in(start.headers["Location"], login)
    assert callback.startswith("http://lms.test/login/sso/callback?")
    return client.get(local_path(callback))


def _person(db: Any, email: str) -> Person | None:
    db.rollback()
    return db.scalar(select(Person).where(Person.email == email))


def _actions(db: Any) -> list[tuple[str, str]]:
    db.rollback()
    rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(row.action, row.reason) for row in rows]


def test_the_login_page_offers_the_company_login(client: Any) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert "Log in with Firma" in html
    assert 'name="password"' in html  # not SSO only: the form stays


def test_first_login_creates_the_person_and_a_login_session(
    client: Any, provider: Provider, db: Any
) -> None:
    response = sso_login(client, provider, "anna")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    anna = _person(db, "anna.berg@firma.local")
    assert anna is not None
    assert (anna.name, anna.language, anna.employee_id) == ("Anna Berg", "de", "E-1001")
    assert (anna.sso_issuer, anna.sso_subject) == (provider.issuer, "anna")
    assert anna.roles == {"learner"}
    assert anna.password_hash is None
    department = db.get(Department, anna.department_id)
    assert department is not None
    assert department.name == "Logistik"
    # The same server-side login session as a password login.
    assert db.scalar(select(LoginSession).where(LoginSession.person_id == anna.id))
    assert "Meine Kurse" in client.get("/").get_data(as_text=True)
    assert ("sso.provision", "") in _actions(db)
    assert ("sso.login", "created") in _actions(db)


def test_next_login_follows_the_claims(
    client: Any, provider: Provider, db: Any
) -> None:
    assert sso_login(client, provider, "anna").status_code == 302, _actions(db)
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    provider.set_claims(
        "anna", name="Anna Schmidt", department="Einkauf", locale="en-GB"
    )
    # a refusal is audited with its reason: show it if this fails
    assert sso_login(client, provider, "anna").status_code == 302, _actions(db)
    anna = _person(db, "anna.berg@firma.local")
    assert anna is not None
    assert (anna.name, anna.language) == ("Anna Schmidt", "en")
    assert db.get(Department, anna.department_id).name == "Einkauf"
    assert db.scalar(select(Person.id).where(Person.name == "Anna Berg")) is None
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "sso.login"))
    changed = [json.loads(entry.details_json)["changed"] for entry in entries]
    assert changed[-1] == ["name", "language", "department"]


def test_existing_person_is_linked_by_employee_id(
    client: Any, provider: Provider, db: Any, make_person: Any
) -> None:
    existing = make_person(email="a.berg@old-mail.example", name="A. Berg")
    db.rollback()
    person = db.get(Person, existing.id)
    person.employee_id = "E-1001"
    db.commit()
    sso_login(client, provider, "anna")
    linked = _person(db, "a.berg@old-mail.example")
    assert linked is not None
    assert linked.id == existing.id
    assert (linked.sso_subject, linked.name) == ("anna", "Anna Berg")
    assert _person(db, "anna.berg@firma.local") is None  # nobody new
    assert ("sso.link", "linked by employee id") in _actions(db)


def test_existing_person_is_linked_by_verified_e_mail_only(
    client: Any, provider: Provider, db: Any, make_person: Any, make_client: Any
) -> None:
    existing = make_person(email="boss@firma.local", name="Boss")
    sso_login(client, provider, "boss")
    linked = _person(db, "boss@firma.local")
    assert linked is not None
    assert linked.sso_subject == "boss"
    assert ("sso.link", "linked by e-mail") in _actions(db)
    # An unverified address never takes over an account.
    make_person(email="victim@firma.local", name="Victim")
    provider.set_claims(
        "mallory", email="victim@firma.local", email_verified=False, name="M"
    )
    other = make_client()
    response = sso_login(other, provider, "mallory")
    assert response.status_code == 400
    assert "cannot be matched" in response.get_data(as_text=True)
    victim = _person(db, "victim@firma.local")
    assert victim is not None
    assert victim.sso_subject is None
    assert existing.id != victim.id
    assert ("sso.failed", "email_taken") in _actions(db)


def test_groups_give_roles_by_the_map_only(
    client: Any, make_client: Any, provider: Provider, db: Any
) -> None:
    response = sso_login(client, provider, "henry")
    assert response.headers["Location"] == "/hr/"
    henry = _person(db, "henry@firma.local")
    assert henry is not None
    assert henry.roles == {"learner", "hr"}
    # "lms-admins" and "Domain Admins" are not in the map: no administrator.
    sso_login(make_client(), provider, "boss")
    boss = _person(db, "boss@firma.local")
    assert boss is not None
    assert boss.roles == {"learner"}
    # Leaving the group takes the role away at the next login.
    provider.set_claims("henry", groups=["staff"])
    sso_login(make_client(), provider, "henry")
    henry = _person(db, "henry@firma.local")
    assert henry is not None
    assert henry.roles == {"learner"}
    assert ("sso.roles", "") in _actions(db)


def test_logout_ends_the_session_and_the_providers(
    client: Any, make_client: Any, provider: Provider
) -> None:
    sso_login(client, provider, "anna")
    cookie = client.get_cookie("session")
    assert cookie is not None
    copy = make_client()
    copy.set_cookie("session", cookie.value, domain=cookie.domain)
    assert copy.get("/").status_code == 200  # the copied cookie works, for now
    response = client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    location = response.headers["Location"]
    assert location.startswith(f"{provider.issuer}/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://lms.test/login"]
    assert query["client_id"] == ["lms"]
    assert query["id_token_hint"][0].count(".") == 2
    # The provider accepts it: its logout confirmation page.
    with ProviderBrowser(provider) as browser:
        page = browser.http.get(location, timeout=10)
    assert page.status_code == 200
    assert "logout" in page.text.lower()
    # The old cookie no longer logs anyone in.
    thief = make_client()
    thief.set_cookie("session", cookie.value, domain=cookie.domain)
    assert thief.get("/").status_code == 302


def test_a_password_login_logs_out_locally_only(client: Any, auth: Any) -> None:
    auth.login("learner")
    response = client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    assert response.headers["Location"] == "/login"
