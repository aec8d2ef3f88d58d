"""Security headers that depend on how the site is reached."""

from __future__ import annotations

from typing import Any

import pytest

from lms import create_app


def _headers(app_config: dict[str, Any], base_url: str, path: str) -> Any:
    app_config["LMS_BASE_URL"] = base_url
    with create_app(app_config).test_client().get(path) as response:
        return response.headers


@pytest.mark.parametrize("path", ["/login", "/static/css/site.css", "/no/such/page"])
def test_https_sites_tell_browsers_to_stay_on_https(
    app_config: dict[str, Any], path: str
) -> None:
    headers = _headers(app_config, "https://lms.example.com", path)
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_sites_send_no_hsts(app_config: dict[str, Any]) -> None:
    # Over http the header is ignored at best, and it would lock out a site
    # that is reached over http on purpose (a test box, an intranet name).
    headers = _headers(app_config, "http://lms.test", "/login")
    assert "Strict-Transport-Security" not in headers


def test_pages_may_not_use_camera_microphone_or_location(
    app_config: dict[str, Any],
) -> None:
    policy = _headers(app_config, "http://lms.test", "/login")["Permissions-Policy"]
    assert {item.strip() for item in policy.split(",")} >= {
        "camera=()",
        "microphone=()",
        "geolocation=()",
    }
