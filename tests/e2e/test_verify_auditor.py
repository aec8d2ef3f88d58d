"""An auditor checks a revoked certificate in a real browser, without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from lms.db import get_database
from lms.models import Certificate, Person
from tests.certify.helpers import earn
from tests.fixtures.browser import assert_accessible

pytestmark = pytest.mark.e2e


def test_auditor_asks_whether_a_revoked_certificate_was_valid_on_a_day(
    app: Flask, live_server: str, new_page: Any, browser: Any, make_person: Any
) -> None:
    person = make_person(name="Grace Hopper")
    session = get_database(app).sessionmaker()
    certificate = earn(
        session,
        session.get(Person, person.id),
        datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    row = session.get(Certificate, certificate.id)
    assert row is not None
    row.revoked_at = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    row.revoked_reason = "Exam taken by someone else"
    row.revoked_reason_public = True
    session.commit()
    session.close()
    url = f"{live_server}/verify/{certificate.verification_code}"

    page = new_page()
    page.goto(url)
    expect(page.locator("main")).to_contain_text(certificate.number)
    expect(page.locator("main")).to_contain_text("Exam taken by someone else")
    assert_accessible(page)

    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(url)
        plain.get_by_label("Day", exact=True).fill("2026-05-01")
        plain.get_by_role("button", name="Check this day").click()
        plain.wait_for_url(url + "?on=2026-05-01")
        expect(plain.locator("main")).to_contain_text(
            "Yes: on May 1, 2026 the certificate was valid."
        )
        plain.get_by_label("Day", exact=True).fill("2026-07-01")
        plain.get_by_role("button", name="Check this day").click()
        plain.wait_for_url(url + "?on=2026-07-01")
        expect(plain.locator("main")).to_contain_text(
            "No: on July 1, 2026 the certificate was not valid (Revoked)."
        )
    finally:
        context.close()
    page.goto(url + "?on=2026-07-01")
    assert_accessible(page)
