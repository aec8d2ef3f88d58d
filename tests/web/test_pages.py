"""Site pages: layout, error pages, language selection, health check, headers."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from lms.auth.access import public


def test_login_page_has_accessible_layout(client: Any) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'name="viewport"' in html
    assert "/static/css/site.css" in html
    assert "http" not in html.split("<body")[0].replace("http-equiv", "")  # no CDN


def test_browser_language_picks_german(client: Any) -> None:
    html = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="de">' in html
    assert "Anmelden" in html


def test_language_switch_sets_a_cookie_for_visitors(client: Any) -> None:
    response = client.submit("/language", {"language": "de", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "Anmelden" in client.get("/login").get_data(as_text=True)


def test_person_language_wins_over_browser(client: Any, auth: Any) -> None:
    auth.login(language="de")
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Meine Kurse" in html


def test_language_switch_is_saved_on_the_account(
    client: Any, make_client: Any, auth: Any
) -> None:
    person = auth.login()
    client.submit("/language", {"language": "de", "next": "/"}, page="/")
    other = make_client()
    other.submit(
        "/login", {"email": person.email, "password": "correct horse battery staple"}
    )
    assert "Meine Kurse" in other.get("/").get_data(as_text=True)


def test_language_switch_rejects_unknown_language(client: Any) -> None:
    client.submit("/language", {"language": "xx", "next": "/login"})
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_404_page_is_in_site_style(client: Any) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html
    assert "skip-link" in html


def test_403_for_a_learner_on_people_pages(client: Any, auth: Any) -> None:
    auth.login("learner")
    response = client.get("/people/")
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)


def test_500_page_hides_the_error(app: Flask, client: Any) -> None:
    @public
    def broken() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/broken", "broken", broken)
    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/broken")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html
    assert "secret internals" not in html


def test_healthz_reports_database(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_unreachable_database(
    app_config: dict[str, Any], tmp_path: Any
) -> None:
    from lms import create_app

    app_config["LMS_DATABASE_URL"] = f"sqlite:///{tmp_path}/missing-dir/db.sqlite3"
    response = create_app(app_config).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


@pytest.mark.parametrize("path", ["/login", "/no/such/page"])
def test_security_headers(client: Any, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_static_files_are_served_by_the_app(client: Any) -> None:
    with client.get("/static/css/site.css") as response:
        assert response.status_code == 200
        assert "skip-link" in response.get_data(as_text=True)
