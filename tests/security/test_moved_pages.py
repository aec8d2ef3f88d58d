"""Pages that moved to the feature owning them: old URLs redirect, roles still hold."""

from __future__ import annotations

from typing import Any

import pytest

MOVED = [
    ("/hr/exports/tokens", "/admin/api-tokens", "admin"),
    (
        "/hr/people/audit?action=people.import&page=2",
        "/audit?action=people.import&page=2",
        "hr",
    ),
    (
        "/hr/people/audit.csv?action=people.import",
        "/audit.csv?action=people.import",
        "hr",
    ),
    ("/hr/exports/me/transcript.pdf", "/me/transcript.pdf", "learner"),
]


@pytest.mark.parametrize(("old", "new", "role"), MOVED)
def test_old_url_redirects_permanently_with_its_query(
    client: Any, auth: Any, synced: Any, old: str, new: str, role: str
) -> None:
    auth.login(role)
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == new
    assert client.get(new).status_code == 200


def test_old_token_forms_keep_method_and_form(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login("admin")
    token = client.csrf_token("/admin/api-tokens")
    response = client.post("/hr/exports/tokens", data={"csrf_token": token})
    assert response.status_code == 308
    assert response.headers["Location"] == "/admin/api-tokens"
    response = client.post("/hr/exports/tokens/7/revoke", data={"csrf_token": token})
    assert response.status_code == 308
    assert response.headers["Location"] == "/admin/api-tokens/7/revoke"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/admin/api-tokens", ("admin",)),
        ("/hr/exports/tokens", ("admin",)),
        ("/audit", ("hr", "admin")),
        ("/audit.csv", ("hr", "admin")),
        ("/hr/people/audit", ("hr", "admin")),
        ("/hr/people/audit.csv", ("hr", "admin")),
    ],
)
@pytest.mark.parametrize("role", ["learner", "author", "hr", "admin"])
def test_new_and_old_urls_keep_their_role_checks(
    client: Any, auth: Any, synced: Any, url: str, allowed: tuple[str, ...], role: str
) -> None:
    auth.login(role)
    response = client.get(url)
    response.close()
    if role in allowed:
        assert response.status_code in (200, 301)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("url", ["/me/transcript.pdf", "/hr/exports/me/transcript.pdf"])
def test_transcript_needs_a_login(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_learner_downloads_own_transcript_from_my_certificates(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login("learner")
    page = client.get("/certificates").get_data(as_text=True)
    assert 'href="/me/transcript.pdf"' in page
    response = client.get("/me/transcript.pdf")
    assert response.mimetype == "application/pdf"
