"""A real OpenID Provider for the tests: tests/sso/provider/provider.js (oidc-provider).

``start_provider`` runs it on a free loopback port with one client registered and
the given accounts; ``ProviderBrowser`` goes through its real login and consent
pages with plain HTTP requests, the way a person's browser would.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

HERE = Path(__file__).resolve().parent / "provider"
LMS = "http://lms.test"  # the test client's LMS_BASE_URL (tests/fixtures/app.py)
CLIENT_ID = "lms"
CLIENT_SECRET = "test-client-secret-of-the-lms-0123456789"  # noqa: S105
_FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')

# The accounts of the provider: login name -> claims (the login is the subject).
ACCOUNTS: dict[str, dict[str, Any]] = {
    "anna": {
        "email": "anna.berg@firma.local",
        "email_verified": True,
        "name": "Anna Berg",
        "locale": "de-DE",
        "employee_id": "E-1001",
        "department": "Logistik",
        "groups": ["staff"],
    },
    "henry": {
        "email": "henry@firma.local",
        "email_verified": True,
        "name": "Henry HR",
        "employee_id": "E-2002",
        "groups": ["staff", "lms-hr"],
    },
    "boss": {
        "email": "boss@firma.local",
        "email_verified": True,
        "name": "Big Boss",
        "groups": ["lms-admins", "Domain Admins"],
    },
}


@dataclass
class Provider:
    issuer: str
    settings_file: Path
    settings: dict[str, Any] = field(default_factory=dict)

    def set_claims(self, login: str, **claims: Any) -> None:
        """Change (or add) an account's claims; the next login sees them."""
        self.settings["accounts"].setdefault(login, {}).update(claims)
        self.settings_file.write_text(json.dumps(self.settings), encoding="utf-8")

    def config(self) -> dict[str, Any]:
        """The LMS settings for this provider."""
        return {
            "LMS_OIDC_ISSUER": self.issuer,
            "LMS_OIDC_CLIENT_ID": CLIENT_ID,
            "LMS_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "LMS_OIDC_LABEL": "Firma",
            "LMS_OIDC_ROLE_MAP": "lms-hr=hr",
        }


@contextmanager
def start_provider(tmp_path: Path, lms_base_url: str) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "the test OpenID Provider is not installed: run `make test` "
            "(npm ci --prefix tests/sso/provider)"
        )
    settings = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{lms_base_url}/login/sso/callback"],
                "post_logout_redirect_uris": [f"{lms_base_url}/login"],
            }
        ],
        "accounts": json.loads(json.dumps(ACCOUNTS)),
    }
    settings_file = tmp_path / "provider.json"
    settings_file.write_text(json.dumps(settings), encoding="utf-8")
    log = (tmp_path / "provider.log").open("wb")
    process = subprocess.Popen(  # noqa: S603
        [node, str(HERE / "provider.js"), str(settings_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        cwd=HERE,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until it listens (or dies)
        assert line, (tmp_path / "provider.log").read_text(encoding="utf-8")
        yield Provider(json.loads(line)["issuer"], settings_file, settings)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()  # type: ignore[union-attr]
        log.close()


class ProviderBrowser:
    """The person's browser at the provider: its cookies, its pages."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.http = requests.Session()

    def __enter__(self) -> ProviderBrowser:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.close()

    def _follow(self, response: requests.Response) -> requests.Response | str:
        """Follow redirects on the provider; return a URL that leaves it."""
        while response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(self.provider.issuer):
                return target
            response = self.http.get(target, allow_redirects=False, timeout=10)
        return response

    def _submit(self, page: requests.Response, data: dict[str, str]) -> Any:
        match = _FORM_ACTION.search(page.text)
        assert match, page.text
        action = urljoin(page.url, unescape(match.group(1)))
        return self._follow(
            self.http.post(action, data=data, allow_redirects=False, timeout=10)
        )

    def log_in(self, authorize_url: str, login: str) -> str:
        """Log in at the provider's pages and consent; return the LMS callback URL."""
        page = self._follow(self.http.get(authorize_url, allow_redirects=False))
        if isinstance(page, requests.Response) and 'name="login"' in page.text:
            page = self._submit(
                page, {"prompt": "login", "login": login, "password": "any"}
            )
        if isinstance(page, requests.Response) and 'value="consent"' in page.text:
            page = self._submit(page, {"prompt": "consent"})
        assert isinstance(page, str), page.text
        return page


def local_path(url: str) -> str:
    """The path and query of an LMS URL, for the Flask test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
