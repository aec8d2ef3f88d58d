"""A job page in a real browser: its progress bar moves without reloading while
a real worker process runs the job, then it offers the download."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import assert_accessible
from tests.fixtures.people import PASSWORD
from tests.jobs import sample_jobs
from tests.jobs.helpers import start_worker, stop
from tests.jobs.test_pages import start

pytestmark = pytest.mark.e2e


def test_progress_moves_without_reloading_then_the_file_downloads(
    app: Any, live_server: str, new_page: Any, make_person: Any, tmp_path: Path
) -> None:
    person = make_person()
    page = new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")
    job = start(app, person, sample_jobs.gated, folder=str(tmp_path))
    page.goto(f"{live_server}/jobs/{job.public_id}")
    expect(page.locator("#job-words")).to_have_text("Waiting for a worker to start it.")
    expect(page.get_by_role("link", name="Refresh")).to_be_hidden()  # the script polls
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")

    worker = start_worker(app)
    try:
        expect(page.locator("#job-words")).to_have_text("1 of 2 done.", timeout=30000)
        expect(page.locator("#job-progress")).to_have_attribute("value", "1")
        assert page.evaluate("window.notReloaded") is True  # no reload so far
        (tmp_path / "gate").touch()
        link = page.get_by_role("link", name="Download gate.txt")
        expect(link).to_be_visible(timeout=30000)
    finally:
        stop(worker)
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == b"through"
    assert re.search(r"/jobs/[\w-]+$", page.url)
