"""HR sees a completion on the dashboard and downloads the XLSX and the ZIP."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from playwright.sync_api import expect

from lms.db import get_database, utcnow
from lms.models import Person
from tests.certify.helpers import earn
from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.e2e


def test_hr_sees_the_completion_and_exports_xlsx_and_zip(
    app: Flask, live_server: str, new_page: Any, make_person: Any, tmp_path: Path
) -> None:
    learner = make_person(name="Katherine Johnson")
    with get_database(app).sessionmaker() as session:
        certificate = earn(session, session.get(Person, learner.id), utcnow())
        number = certificate.number
    hr = make_person(roles=("hr",))
    page = new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(hr.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/hr/")
    page.get_by_role("link", name="Certificates", exact=True).click()
    page.wait_for_url(live_server + "/hr/certificates")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Katherine Johnson")

    with page.expect_navigation():
        page.get_by_role("link", name="Exports", exact=True).click()
    expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()
    assert_accessible(page)
    section = page.locator("section").filter(has=page.locator("#certificates-title"))
    section.get_by_label("XLSX").check()
    with page.expect_download() as xlsx_info:
        section.get_by_role("button", name="Download").click()
    workbook_path = tmp_path / "certificates.xlsx"
    xlsx_info.value.save_as(workbook_path)
    # read_only workbooks keep the file open until closed.
    workbook = load_workbook(workbook_path, read_only=True)
    try:
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    assert any(number in row and "Katherine Johnson" in row for row in rows), rows

    section.get_by_label("ZIP of PDFs").check()
    with page.expect_download() as zip_info:
        section.get_by_role("button", name="Download").click()
    archive_path = tmp_path / "certificates.zip"
    zip_info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert len(names) == 1
        assert names[0].startswith(number)
        assert archive.read(names[0]).startswith(b"%PDF")
