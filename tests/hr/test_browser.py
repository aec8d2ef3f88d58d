"""HR assigns a course and reads the dashboard and matrix in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from lms.db import get_database, utcnow
from tests.certify.helpers import earn
from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD
from tests.hr.helpers import department, person
from tests.jobs.helpers import run_queued

pytestmark = pytest.mark.e2e


def test_hr_assigns_and_follows_compliance(
    app: Flask, live_server: str, new_page: Any, make_person: Any
) -> None:
    with get_database(app).sessionmaker() as session:
        sales = department(session, "Sales")
        learners = [person(session, f"Learner {n}", dept=sales) for n in range(3)]
        session.commit()
        earn(session, learners[0], utcnow())
    hr = make_person(roles=("hr",))
    page = new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(hr.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/hr/")

    page.goto(live_server + "/hr/")
    assert_accessible(page)
    page.get_by_role("link", name="Assign a course").click()
    page.wait_for_url(live_server + "/hr/assign")
    assert_accessible(page)
    page.get_by_label("Course").select_option(label="Customer Service")
    page.get_by_label("Everyone in a department, and whoever joins it later").check()
    page.get_by_label("Department", exact=True).select_option(label="Sales")
    page.get_by_label("Days", exact=True).fill("3650")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign").click()
    main = page.locator("main")
    expect(main).to_contain_text("Assigned: 3 new, 0 with a changed due date.")
    assert_accessible(page)

    page.get_by_label("Status", exact=True).select_option(label="completed")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    expect(main).to_contain_text("1 assignment")
    expect(main).to_contain_text("Learner 0")
    assert_accessible(page)

    page.goto(live_server + "/hr/")
    # The figures from before the assignment, while a worker counts again...
    expect(page.locator("#counting")).to_contain_text("Counting again…")
    expect(page.locator("dt:text-is('Assigned') + dd")).to_have_text("0")
    assert_accessible(page)
    assert run_queued(app) == 1
    # ...then the page notices the count is done and shows the new ones itself.
    expect(page.locator("dt:text-is('Assigned') + dd")).to_have_text("3")
    expect(page.locator("#counting")).to_have_count(0)
    page.get_by_text("Data of the chart: status by department").click()
    expect(page.locator("details", has_text="status by department")).to_have_attribute(
        "open", ""
    )
    assert_accessible(page)

    page.goto(live_server + "/hr/assign")
    page.get_by_label("E-mail addresses or employee ids").fill("nobody@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign").click()
    assert_accessible(page)
