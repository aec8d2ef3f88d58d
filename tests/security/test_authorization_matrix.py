"""Every route against every kind of visitor; and CSRF on every state-changing route.

A new route fails this test until it is classified below, so nobody adds a
page without deciding who may reach it.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.fixtures.people import PASSWORD

PUBLIC = "public"
LOGIN = "login"
ROLES = ("learner", "author", "hr", "admin")
ACCESS: dict[str, str | tuple[str, ...]] = {
    "static": PUBLIC,
    "home.healthz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.local_login": PUBLIC,
    "sso.start": PUBLIC,
    "sso.callback": PUBLIC,
    "auth.set_password": PUBLIC,
    "auth.set_language": PUBLIC,
    "certify.verify": PUBLIC,
    "certify.verify_code": PUBLIC,
    "home.index": LOGIN,
    "home.learning": LOGIN,
    "admin.overview": ("admin",),
    "admin.signing": ("admin",),
    "admin.signing_certificate": ("admin",),
    "auth.logout": LOGIN,
    "auth.change_password": LOGIN,
    "auth.end_all_sessions": LOGIN,
    "catalog.index": LOGIN,
    "catalog.course": LOGIN,
    "catalog.module": LOGIN,
    "catalog.lesson": LOGIN,
    "catalog.complete": LOGIN,
    "catalog.save_exercise": LOGIN,
    "catalog.claim_certificate": LOGIN,
    "catalog.completed": LOGIN,
    "catalog.asset": LOGIN,
    "quiz.overview": LOGIN,
    "quiz.start": LOGIN,
    "quiz.take": LOGIN,
    "quiz.save": LOGIN,
    "quiz.confirm": LOGIN,
    "quiz.result": LOGIN,
    "certify.mine": LOGIN,
    "certify.download": LOGIN,
    "badges.did_document": PUBLIC,
    "badges.status_list": PUBLIC,
    "badges.credential": LOGIN,
    "authoring.index": ("author", "admin"),
    "authoring.sync": ("author", "admin"),
    "authoring.preview_course": ("author", "admin"),
    "authoring.preview_module": ("author", "admin"),
    "authoring.preview_lesson": ("author", "admin"),
    "authoring.asset": ("author", "admin"),
    "authoring.help_page": ("author", "admin"),
    "authoring.edit": ("author", "admin"),
    "authoring.save": ("author", "admin"),
    "authoring.edit_preview": ("author", "admin"),
    "authoring.new_lesson": ("author", "admin"),
    "authoring.new_question": ("author", "admin"),
    "authoring.upload": ("author", "admin"),
    "quiz.statistics": ("author", "hr", "admin"),
    "people.index": ("hr", "admin"),
    "people.create": ("hr", "admin"),
    "people.activate": ("hr", "admin"),
    "people.deactivate": ("hr", "admin"),
    "people.password_link": ("hr", "admin"),
    "people.end_sessions": ("admin",),
    "people.edit": ("hr", "admin"),
    "people.invitation_links": ("hr", "admin"),
    "certify.hr_list": ("hr", "admin"),
    "certify.hr_detail": ("hr", "admin"),
    "certify.hr_download": ("hr", "admin"),
    "certify.revoke": ("hr", "admin"),
    "certify.reissue": ("hr", "admin"),
    "certify.reissue_course": ("hr", "admin"),
    # A job's own pages: its owner only (others get 404, never 403).
    "jobs.show": LOGIN,
    "jobs.status": LOGIN,
    "jobs.result": LOGIN,
    "jobs.retry": LOGIN,
    # Refreshers: the person's own (others get 404); the opt-out link is signed.
    "refresh.start": LOGIN,
    "refresh.show": LOGIN,
    "refresh.answer": LOGIN,
    "refresh.opt_out": PUBLIC,
    # The API is outside the login guard: it checks its own bearer tokens.
    "api.certificates": PUBLIC,
    "api.completions": PUBLIC,
    # SCIM, like the API, checks its own bearer tokens: no cookie login works.
    **{
        f"scim.{name}": PUBLIC
        for name in (
            "users",
            "create_user",
            "search_users",
            "user",
            "replace_user",
            "patch_user",
            "delete_user",
            "groups",
            "create_group",
            "search_groups",
            "group",
            "replace_group",
            "patch_group",
            "delete_group",
            "search_everything",
            "unknown_path",
            "config",
            "all_resource_types",
            "one_resource_type",
            "all_schemas",
            "one_schema",
        )
    },
    "hr.dashboard": ("hr", "admin"),
    "hr.matrix": ("hr", "admin"),
    "hr.assign": ("hr", "admin"),
    "hr_people.import_file": ("hr", "admin"),
    "hr_people.preview": ("hr", "admin"),
    "hr_people.confirm": ("hr", "admin"),
    "hr_people.import_result": ("hr", "admin"),
    "hr_people.template": ("hr", "admin"),
    "hr_export.index": ("hr", "admin"),
    "hr_export.download": ("hr", "admin"),
    "hr_export.start_job": ("hr", "admin"),
    "hr_export.find_transcript": ("hr", "admin"),
    "hr_export.transcript": ("hr", "admin"),
    "home.transcript": LOGIN,
    "audit.log": ("hr", "admin"),
    "audit.csv": ("hr", "admin"),
    "audit.xlsx": ("hr", "admin"),
    "api_tokens.index": ("admin",),
    "api_tokens.revoke": ("admin",),
    "scim_tokens.index": ("admin",),
    "scim_tokens.revoke": ("admin",),
    # Old addresses of moved pages: a redirect, behind the same roles as the page.
    "home.old_transcript": LOGIN,
    "audit.old_log": ("hr", "admin"),
    "audit.old_csv": ("hr", "admin"),
    "api_tokens.old_index": ("admin",),
    "api_tokens.old_revoke": ("admin",),
}
VALUES = {
    "course": "cse",
    "module": "basics",
    "lesson": "welcome",
    "bank": "basics",
    "path": "01-basics/assets/smile.png",
    "number": "CSE-2026-000001",
    "code": "AAAA-AAAA-AAAA-A",
    "token": "no-such-token",
    "attempt_id": "nope",
    "person_id": 999999,
    "filename": "css/site.css",
    "kind": "certificates",
    "token_id": 999999,
    "key": "no-such-exercise",
    "public_id": "no-such-job",
    "list_number": 1,
    "scim_id": "1-0000",
    "name": "User",
    "schema_id": "urn:ietf:params:scim:schemas:core:2.0:User",
    "unknown": "Nothing",
    "course_slug": "cse",
}
# Bearer-token JSON endpoints are exempt from CSRF (no cookie is honoured):
# without a token they answer 401, which test_scim_needs_a_token checks.
BEARER_ONLY = ("scim.",)


def routes(app: Flask) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        url = rule.build({k: VALUES[k] for k in rule.arguments}, append_unknown=False)
        assert url is not None
        path = url[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path))
    return found


def test_every_route_is_classified(app: Flask) -> None:
    unclassified = sorted({e for e, _m, _p in routes(app)} - set(ACCESS))
    assert unclassified == []


def _expected_ok(access: str | tuple[str, ...], role: str | None) -> bool:
    if access == PUBLIC:
        return True
    if role is None:
        return False
    return access == LOGIN or role in access


@pytest.mark.parametrize("role", [None, *ROLES])
def test_access_matrix(
    app: Flask, make_client: Any, make_person: Any, synced: Any, role: str | None
) -> None:
    browser = make_client()
    if role is not None:
        person = make_person(roles=(role,))
        response = browser.submit(
            "/login", {"email": person.email, "password": PASSWORD}
        )
        assert response.status_code == 302
    token = browser.csrf_token("/" if role else "/login")
    wrong = []
    for endpoint, method, path in routes(app):
        if endpoint in ("auth.logout", "auth.end_all_sessions"):
            continue  # would end the session under test
        access = ACCESS[endpoint]
        if method == "GET":
            response = browser.get(path)
        else:
            response = browser.post(path, data={"csrf_token": token})
        response.close()
        status = response.status_code
        login_redirect = status == 302 and "/login" in response.headers.get(
            "Location", ""
        )
        if _expected_ok(access, role):
            if status == 403 or login_redirect:
                wrong.append(f"{method} {path}: {status} for {role}")
        elif role is None and not login_redirect:
            wrong.append(f"{method} {path}: {status} for anonymous, expected login")
        elif role is not None and status != 403:
            wrong.append(f"{method} {path}: {status} for {role}, expected 403")
    assert wrong == []


# One-click unsubscribe from a mail client (RFC 8058) carries no CSRF token;
# the signed token in its address is the proof (tests/refresh/test_mails.py).
CSRF_EXEMPT = {"refresh.opt_out"}


def test_every_state_changing_route_needs_a_csrf_token(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    auth.login("admin")
    missing = []
    for endpoint, method, path in routes(app):
        if (
            method != "POST"
            or endpoint.startswith(BEARER_ONLY)
            or endpoint in CSRF_EXEMPT
        ):
            continue
        response = client.post(path, data={})
        if response.status_code != 400:
            missing.append(f"{endpoint} {path}: {response.status_code}")
    assert missing == []


def test_scim_needs_a_token_even_for_a_logged_in_admin(
    app: Flask, client: Any, auth: Any
) -> None:
    """The CSRF-exempt SCIM routes ignore the session cookie entirely."""
    auth.login("admin")
    for endpoint, method, path in routes(app):
        if not endpoint.startswith("scim."):
            continue
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, f"{method} {path}"
        assert response.json["schemas"] == [
            "urn:ietf:params:scim:api:messages:2.0:Error"
        ]
