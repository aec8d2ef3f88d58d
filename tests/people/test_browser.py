"""HR adds a person, picks people for their links and finds the import template,
in a real browser, each page accessible (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.e2e


def test_hr_adds_a_person_and_downloads_the_links(
    app: Flask, live_server: str, new_page: Any, make_person: Any
) -> None:
    hr = make_person(roles=("hr",))
    make_person(email="waiting@example.com", name="Wanda Waiting", password=None)
    page = new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(hr.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/hr/")

    page.goto(live_server + "/people/new")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("eve@example.com")
    page.get_by_label("Full name").fill("Eve Example")
    page.get_by_label("Employee id").fill("E-9")
    page.get_by_label("Department").fill("Sales")
    page.get_by_label("Manager").fill("nobody@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page.locator("main")).to_contain_text(
        "No person has this e-mail address or employee id."
    )
    assert_accessible(page)

    page.goto(live_server + "/people/")
    expect(page.locator("main")).to_contain_text("E-mail is not set up")
    assert_accessible(page)
    page.get_by_label("Wanda Waiting").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the set-password links").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "waiting@example.com" in text
    assert "/set-password/" in text

    page.goto(live_server + "/hr/people/import")
    assert_accessible(page)
    with page.expect_download() as template:
        page.get_by_role("link", name="Excel template (XLSX)").click()
    assert template.value.suggested_filename == "people-template.xlsx"
