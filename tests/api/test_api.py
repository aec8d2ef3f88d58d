"""The JSON API: tokens (admin page, hashed, revocable) and both endpoints."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select, update

from lms.api import tokens
from lms.db import get_database, utcnow
from lms.models import ApiToken, AuditEntry, Certificate, Person
from tests.hr.reports.helpers import NOW, certify
from tests.web.test_numbers import BAD_NUMBERS

TOKEN_INPUT = re.compile(r'id="new-token"[^>]*value="([^"]+)"')


def create_token(client: Any, auth: Any, name: str = "Workday") -> str:
    auth.login("admin")
    response = client.submit(
        "/admin/api-tokens", {"name": name}, page="/admin/api-tokens"
    )
    assert response.status_code == 200
    match = TOKEN_INPUT.search(response.get_data(as_text=True))
    assert match, "the new token is shown"
    auth.logout()
    return match.group(1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def people(app: Any, make_person: Any, synced: Any) -> Any:
    made = [
        certify(
            app, make_person, name=f"Person {i}", employee_id=f"E-{i}", department=dept
        )
        for i, dept in enumerate(["IT", "IT", "Sales"])
    ]
    return made


def test_token_is_shown_once_and_only_its_hash_is_stored(
    client: Any, auth: Any, db: Any, synced: Any
) -> None:
    secret = create_token(client, auth)
    assert secret.startswith("lms_")
    row = db.scalar(select(ApiToken))
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str([getattr(row, c.key) for c in ApiToken.__table__.columns])
    auth.login("admin")
    listing = client.get("/admin/api-tokens").get_data(as_text=True)
    assert "Workday" in listing
    assert secret not in listing
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "token.create"))
    assert entry is not None
    assert entry.target == "Workday"


def test_only_admins_manage_tokens(client: Any, auth: Any, synced: Any) -> None:
    auth.login("hr")
    assert client.get("/admin/api-tokens").status_code == 403
    response = client.submit("/admin/api-tokens", {"name": "x"}, page="/")
    assert response.status_code == 403


def test_blank_token_name_is_refused(
    client: Any, auth: Any, db: Any, synced: Any
) -> None:
    auth.login("admin")
    response = client.submit(
        "/admin/api-tokens", {"name": "  "}, page="/admin/api-tokens"
    )
    assert response.status_code == 400
    assert 'id="token-name-error"' in response.get_data(as_text=True)
    assert db.scalar(select(ApiToken.id)) is None


def test_missing_token_is_401(client: Any, synced: Any) -> None:
    response = client.get("/api/v1/certificates")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="lms"'
    assert response.json["error"] == "unauthorized"


@pytest.mark.parametrize(
    "header",
    ["Bearer lms_wrong", "Bearer nothing", "Basic dXNlcjpwdw==", "Bearer", "lms_x"],
)
def test_bad_token_is_401(client: Any, synced: Any, header: str) -> None:
    response = client.get("/api/v1/completions", headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert response.json["error"] == "invalid_token"


def test_revoked_token_is_401(client: Any, auth: Any, db: Any, synced: Any) -> None:
    secret = create_token(client, auth)
    assert client.get("/api/v1/certificates", headers=bearer(secret)).status_code == 200
    token_id = db.scalar(select(ApiToken.id))
    db.rollback()
    auth.login("admin")
    response = client.submit(
        f"/admin/api-tokens/{token_id}/revoke", {}, page="/admin/api-tokens"
    )
    assert response.status_code == 302
    auth.logout()
    assert client.get("/api/v1/certificates", headers=bearer(secret)).status_code == 401
    db.rollback()
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "token.revoke"))
    assert entry is not None
    assert entry.target == "Workday"


def test_certificates_page_through_with_next_links(
    client: Any, auth: Any, people: Any
) -> None:
    secret = create_token(client, auth)
    response = client.get("/api/v1/certificates?per_page=2", headers=bearer(secret))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert body["total"] == 3
    assert body["page"] == 1
    assert body["per_page"] == 2
    assert len(body["items"]) == 2
    assert body["next"] == "http://lms.test/api/v1/certificates?per_page=2&page=2"
    second = client.get(
        body["next"].removeprefix("http://lms.test"), headers=bearer(secret)
    )
    assert len(second.json["items"]) == 1
    assert second.json["next"] is None
    item = body["items"][0]
    _person, certificate = people[0]
    assert item["number"] == certificate.number
    assert item["status"] == "valid"
    assert item["person"]["employee_id"] == "E-0"
    assert item["person"]["department"] == "IT"
    assert item["course"] == {"slug": "cse", "title": certificate.course_title}
    assert item["verify_url"].startswith("http://lms.test/verify/")
    assert item["issued_at"].endswith("Z")


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("department=IT", 2),
        ("department=Sales&course=cse", 1),
        ("status=valid", 3),
        ("status=revoked", 0),
        ("issued_since=2000-01-01", 3),
        (f"issued_since={(NOW + timedelta(hours=1)).isoformat()}", 0),
        (
            f"issued_since={(NOW - timedelta(hours=1)).isoformat()}".replace(
                "+", "%2B"
            ),
            3,
        ),
        (f"updated_since={(NOW + timedelta(hours=1)).date().isoformat()}T23:59:59Z", 0),
    ],
)
def test_certificate_filters(
    client: Any, auth: Any, people: Any, query: str, count: int
) -> None:
    secret = create_token(client, auth)
    response = client.get(f"/api/v1/certificates?{query}", headers=bearer(secret))
    assert response.status_code == 200, response.json
    assert response.json["total"] == count


@pytest.mark.parametrize(
    "query",
    [
        "per_page=501",
        "per_page=0",
        "page=-1",
        "page=x",
        "status=lost",
        "course=nope",
        "department=Nowhere",
        "issued_since=yesterday",
        "colour=blue",
    ],
)
def test_bad_parameters_are_400(
    client: Any, auth: Any, synced: Any, query: str
) -> None:
    secret = create_token(client, auth)
    response = client.get(f"/api/v1/certificates?{query}", headers=bearer(secret))
    assert response.status_code == 400
    assert response.json["error"] == "invalid_parameter"


@pytest.mark.parametrize("name", ["page", "per_page"])
@pytest.mark.parametrize("endpoint", ["certificates", "completions"])
def test_page_numbers_are_plain_digits_in_range(
    client: Any, auth: Any, synced: Any, endpoint: str, name: str
) -> None:
    secret = create_token(client, auth)
    answers = {}
    for text in [text for text in BAD_NUMBERS if text]:  # blank: the default
        response = client.get(
            f"/api/v1/{endpoint}?{name}={quote(text)}", headers=bearer(secret)
        )
        answers[text] = (response.status_code, response.json)
    most = 100000 if name == "page" else 500
    expected = {
        "error": "invalid_parameter",
        "message": f"{name} must be a whole number from 1 to {most}",
    }
    assert answers == dict.fromkeys(answers, (400, expected))


def test_completions_show_revocations_and_one_row_per_pair(
    client: Any, auth: Any, people: Any, app: Any, db: Any
) -> None:
    secret = create_token(client, auth)
    revoked_person, revoked = people[2]
    session = get_database(app).sessionmaker()
    session.execute(
        update(Certificate)
        .where(Certificate.id == revoked.id)
        .values(revoked_at=NOW + timedelta(minutes=5), revoked_reason="test")
    )
    session.commit()
    session.close()
    response = client.get("/api/v1/completions", headers=bearer(secret))
    items = response.json["items"]
    assert [i["status"] for i in items] == ["completed", "completed", "revoked"]
    assert items[2]["person"]["email"] == revoked_person.email
    assert items[2]["updated_at"] > items[2]["completed_on"]
    since = (NOW + timedelta(minutes=1)).isoformat()
    changed = client.get(
        "/api/v1/completions",
        headers=bearer(secret),
        query_string={"updated_since": since},
    )
    assert [i["certificate"]["number"] for i in changed.json["items"]] == [
        revoked.number
    ]
    live = client.get("/api/v1/completions?status=completed", headers=bearer(secret))
    assert live.json["total"] == 2


def test_last_used_is_written_at_most_once_a_minute(
    client: Any, auth: Any, db: Any, synced: Any, app: Any
) -> None:
    secret = create_token(client, auth)
    client.get("/api/v1/certificates", headers=bearer(secret))
    first = db.scalar(select(ApiToken.last_used_at))
    assert first is not None
    db.rollback()
    client.get("/api/v1/certificates", headers=bearer(secret))
    assert db.scalar(select(ApiToken.last_used_at)) == first
    db.rollback()
    session = get_database(app).sessionmaker()
    token = session.scalar(select(ApiToken))
    assert tokens.touch(session, token, utcnow() + timedelta(seconds=61))
    assert not tokens.touch(session, token, utcnow() + timedelta(seconds=62))
    session.commit()
    session.close()


def test_api_answers_the_same_for_a_logged_in_browser(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login("admin")
    assert client.get("/api/v1/certificates").status_code == 401


def test_api_runs_a_fixed_number_of_queries(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    from sqlalchemy import event

    secret = create_token(client, auth)
    engine = get_database(app).engine

    def count() -> int:
        statements: list[str] = []

        def listen(*args: Any) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", listen)
        try:
            for path in ("/api/v1/certificates", "/api/v1/completions"):
                assert client.get(path, headers=bearer(secret)).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(statements)

    certify(app, make_person)
    count()  # the first use writes last_used_at; later ones within a minute do not
    few = count()
    for _ in range(3):
        certify(app, make_person)
    assert count() == few
    assert db.scalar(select(Person.id).limit(1)) is not None


def test_the_token_page_shows_the_header_to_send(
    client: Any, auth: Any, people: Any
) -> None:
    auth.login("admin")
    page = client.submit(
        "/admin/api-tokens", {"name": "Workday"}, page="/admin/api-tokens"
    ).get_data(as_text=True)
    auth.logout()
    header = re.search(r'<code id="token-header">([^<]+)</code>', page)
    assert header, page
    name, _, value = header.group(1).partition(": ")
    response = client.get("/api/v1/certificates", headers={name: value})
    assert response.status_code == 200
    assert "/api/v1/certificates" in page  # the curl example names the endpoint
