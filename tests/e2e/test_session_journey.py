"""Logging out of a "keep me logged in" session in a real browser stays logged out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.e2e


def test_logout_ends_a_kept_login(
    live_server: str, new_page: Any, make_person: Any
) -> None:
    person = make_person(name="Kim Kept")
    page = new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Keep me logged in on this device").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome, Kim Kept")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))

    page.goto(live_server + "/")
    page.reload()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    cookies = {cookie["name"] for cookie in page.context.cookies()}
    assert "remember_token" not in cookies
