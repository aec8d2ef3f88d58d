"""A learner logs in at the provider's own login page and lands on their courses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from lms.sso.settings import read_settings
from lms.sso.views import EXTENSION
from tests.fixtures.browser import assert_accessible
from tests.sso.provider import start_provider

pytestmark = pytest.mark.e2e


@pytest.fixture
def provider() -> None:
    """This journey starts its provider once the live server's address is known."""
    return None


def test_learner_logs_in_at_the_provider_and_lands_on_their_courses(
    app: Flask, live_server: str, new_page: Any, tmp_path: Path
) -> None:
    with start_provider(tmp_path, live_server) as provider:
        app.config.update(provider.config())
        app.extensions[EXTENSION] = read_settings(app.config)
        page = new_page()
        # Only this machine: the provider's page asks for web fonts elsewhere.
        page.route(
            re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort()
        )
        page.goto(live_server + "/login")
        assert_accessible(page)
        page.get_by_role("link", name="Log in with Firma").click()

        expect(page).to_have_url(
            re.compile(re.escape(provider.issuer) + "/interaction/")
        )
        page.locator("input[name=login]").fill("anna")
        page.locator("input[name=password]").fill("her password at the company")
        page.get_by_role("button", name="Sign-in").click()
        page.get_by_role("button", name="Continue").click()

        expect(page).to_have_url(live_server + "/")
        # Anna's provider account says de-DE: the LMS speaks German to her.
        expect(page.get_by_role("heading", name="Meine Kurse")).to_be_visible()
        expect(
            page.get_by_role("heading", name="Willkommen, Anna Berg")
        ).to_be_visible()
