"""HR exports above LMS_EXPORT_JOB_THRESHOLD rows run as background jobs."""

from __future__ import annotations

import csv
import io
import re
import socket
import subprocess
import sys
import zipfile
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from lms.db import utcnow
from lms.jobs.queue import get_queue
from lms.models import AuditEntry, Job
from tests.hr.reports.helpers import certify
from tests.jobs.helpers import queued, run_queued, start_worker, stop, wait_for

KEY_INPUT = re.compile(r'name="job_key" value="([^"]+)"')


@pytest.fixture
def certified(app: Any, make_person: Any, synced: Any) -> list[Any]:
    app.config["LMS_EXPORT_JOB_THRESHOLD"] = 1
    return [
        certify(app, make_person, name=name, employee_id=f"E-{n}", department="IT")[1]
        for n, name in enumerate(("Ada Lovelace", "=Grace Hopper"))
    ]


def start(client: Any, query: str) -> str:
    """HR asks for the export, confirms it twice (a double-click): one job."""
    page = client.get(f"/hr/exports/certificates?{query}")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    match = KEY_INPUT.search(html)
    assert match, html
    form = dict(item.split("=") for item in query.split("&"))
    form["job_key"] = match.group(1)
    url = "/hr/exports/certificates/job"
    first = client.submit(url, form, page="/hr/exports/")
    again = client.submit(url, form, page="/hr/exports/")
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    return str(first.headers["Location"])


def test_a_large_csv_export_is_a_job_with_progress_and_the_same_file(
    app: Any, client: Any, auth: Any, db: Any, certified: list[Any]
) -> None:
    auth.login("hr")
    job_page = start(client, "format=csv&separator=comma")
    assert queued(app) == 1
    status = client.get(job_page + "/status").get_json()
    assert (status["state"], status["done"]) == ("queued", 0)
    assert run_queued(app) == 1
    page = client.get(job_page).get_data(as_text=True)
    assert "2 of 2 done." in page
    assert "Download certificates-" in page
    from_job = client.get(job_page + "/result")
    assert from_job.status_code == 200
    assert from_job.mimetype == "text/csv"
    app.config["LMS_EXPORT_JOB_THRESHOLD"] = 0  # the direct download, to compare
    direct = client.get("/hr/exports/certificates?format=csv&separator=comma")
    assert direct.mimetype == "text/csv"
    assert from_job.data == direct.data
    rows = list(csv.reader(io.StringIO(from_job.data.decode("utf-8-sig"))))
    assert {row[2] for row in rows[1:]} == {"Ada Lovelace", "'=Grace Hopper"}
    db.rollback()
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions.count("export.certificates") == 2  # the job once, the direct one


def test_xlsx_and_zip_as_jobs(
    app: Any, client: Any, auth: Any, db: Any, certified: list[Any]
) -> None:
    auth.login("hr", language="de")
    sheet_page = start(client, "format=xlsx")
    zip_page = start(client, "format=zip")
    assert sheet_page != zip_page
    assert run_queued(app) == 2
    book = openpyxl.load_workbook(io.BytesIO(client.get(sheet_page + "/result").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nummer", "Prüfcode", "Inhaberin/Inhaber")
    assert len(rows) == 3
    archive = zipfile.ZipFile(io.BytesIO(client.get(zip_page + "/result").data))
    names = archive.namelist()
    assert len(names) == 2
    numbers = {c.number for c in certified}
    for name in names:
        text = PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text()
        assert any(number in text for number in numbers)
    assert "2 von 2 erledigt." in client.get(zip_page).get_data(as_text=True)


def test_a_small_export_stays_a_direct_download(
    app: Any, client: Any, auth: Any, certified: list[Any]
) -> None:
    app.config["LMS_EXPORT_JOB_THRESHOLD"] = 2
    auth.login("hr")
    response = client.get("/hr/exports/certificates?format=csv")
    assert response.mimetype == "text/csv"
    assert queued(app) == 0


def test_only_hr_fetches_the_file_and_only_for_a_day(
    app: Any, client: Any, auth: Any, db: Any, certified: list[Any]
) -> None:
    auth.login("hr")
    job_page = start(client, "format=csv")
    run_queued(app)
    auth.logout()
    auth.login("hr")  # another HR person: an HR job is theirs too
    assert client.get(job_page + "/result").status_code == 200
    auth.logout()
    auth.login("learner")
    for tail in ("", "/status", "/result"):
        assert client.get(job_page + tail).status_code == 404
    assert client.get("/hr/exports/certificates?format=csv").status_code == 403
    assert client.post("/hr/exports/certificates/job").status_code in (400, 403)
    auth.logout()
    auth.login("hr")
    db.rollback()
    job = db.scalar(select(Job))
    job.result_expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    assert client.get(job_page + "/result").status_code == 404
    assert "has been deleted" in client.get(job_page).get_data(as_text=True)


def test_a_failed_export_says_why_in_german_and_can_be_retried(
    app: Any, client: Any, auth: Any, db: Any, certified: list[Any]
) -> None:
    auth.login("hr", language="de")
    job_page = start(client, "format=csv&course=cse")
    db.rollback()
    job = db.scalar(select(Job))
    good = job.params_json
    job.params_json = good.replace('"course": "cse"', '"course": "gone"')
    db.commit()
    run_queued(app)
    page = client.get(job_page).get_data(as_text=True)
    assert "Es gibt keinen Kurs gone." in page
    assert "Erneut versuchen" in page
    db.rollback()
    job = db.scalar(select(Job))
    job.params_json = good
    db.commit()
    client.submit(job_page + "/retry", page=job_page)
    assert run_queued(app) == 1
    assert client.get(job_page + "/result").status_code == 200


@pytest.mark.slow
def test_an_export_whose_worker_died_is_finished_by_the_next_worker(
    app: Any, client: Any, auth: Any, db: Any, certified: list[Any]
) -> None:
    auth.login("hr")
    job_page = start(client, "format=xlsx")
    # A worker took the message and died half-way.
    assert get_queue(app).huey.dequeue() is not None
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    gone.wait()
    db.rollback()
    job = db.scalar(select(Job))
    job.state, job.runs, job.done = "running", 1, 1
    job.worker = f"{socket.gethostname()}:{gone.pid}:dead"
    job.heartbeat_at = job.started_at = utcnow()
    db.commit()
    worker = start_worker(app)
    try:
        wait_for(lambda: db.rollback() or db.scalar(select(Job.state)) == "done")
    finally:
        output = stop(worker)
    assert "re-queued 1 job(s)" in output
    book = openpyxl.load_workbook(io.BytesIO(client.get(job_page + "/result").data))
    assert len(list(book.active.iter_rows(values_only=True))) == 3
    db.rollback()
    assert db.scalar(select(Job.runs)) == 2
