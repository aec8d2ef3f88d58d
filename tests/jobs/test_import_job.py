"""A confirmed people file above LMS_IMPORT_JOB_THRESHOLD rows is imported by a job."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.jobs.queue import get_queue, reap_scheduled
from lms.models import Job
from tests.jobs.helpers import queued, run_queued
from tests.people.helpers import HEADER, audit_entries, csv_file, people
from tests.people.test_import_pages import payload_of, upload

KEY = re.compile(r'name="job_key" value="([^"]+)"')
GOOD = csv_file(HEADER, "anna@example.com,Anna Berg,E1,Sales", "ben@example.com,Ben,E2")
WITH_BAD_ROW = csv_file(
    HEADER, "anna@example.com,Anna Berg,E1", "broken,Broken,E2", "cleo@example.com,C"
)


@pytest.fixture(autouse=True)
def small_threshold(app: Flask) -> None:
    app.config["LMS_IMPORT_JOB_THRESHOLD"] = 1


def confirm(client: Any, data: bytes, skip: bool = False) -> str:
    """Upload, (leave out bad rows,) confirm twice like a double-click: one job."""
    preview = upload(client, data)
    if skip:
        preview = client.submit(
            "/hr/people/import/preview",
            {"payload": payload_of(preview), "skip": "1"},
            page="/",
        )
    html = preview.get_data(as_text=True)
    match = KEY.search(html)
    assert match, html
    form = {"payload": payload_of(preview), "job_key": match.group(1)}
    if skip:
        form["skip"] = "1"
    first = client.submit("/hr/people/import/confirm", form, page="/")
    again = client.submit("/hr/people/import/confirm", form, page="/")
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    return str(first.headers["Location"])


def result_page(client: Any, job_page: str) -> str:
    page = client.get(job_page).get_data(as_text=True)
    match = re.search(r'href="(/hr/people/import/jobs/[^"]+)"', page)
    assert match, page
    response = client.get(match.group(1))
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_a_large_import_runs_as_a_job_with_its_result_page(
    app: Flask, client: Any, auth: Any
) -> None:
    hr = auth.login("hr")
    job_page = confirm(client, GOOD)
    assert queued(app) == 1
    assert set(people(app)) == {hr.email}  # nothing yet: the worker imports
    assert run_queued(app) == 1
    assert "2 of 2 done." in client.get(job_page).get_data(as_text=True)
    html = result_page(client, job_page)
    assert re.search(r"New people</dt><dd>2<", html)
    assert "Download the set-password links (CSV)" in html
    assert "set-password/" not in html  # no secret is kept in the job
    assert {"anna@example.com", "ben@example.com"} <= set(people(app))
    [entry] = audit_entries(app, "people.import")
    assert entry.actor_id == hr.id
    # The result is its owner's: another HR person and a learner get 404.
    public_id = job_page.rsplit("/", 1)[1]
    auth.logout()
    auth.login("hr")
    assert client.get(f"/hr/people/import/jobs/{public_id}").status_code == 404
    assert client.get(job_page).status_code == 404
    auth.logout()
    auth.login("learner")
    assert client.get(job_page + "/result").status_code == 404


def test_rows_left_out_are_named_on_the_result_page_in_german(
    app: Flask, client: Any, auth: Any
) -> None:
    auth.login("hr", language="de")
    job_page = confirm(client, WITH_BAD_ROW, skip=True)
    run_queued(app)
    html = result_page(client, job_page)
    assert "Ausgelassene Zeilen" in html
    assert "Zeile 3" in html
    assert {"anna@example.com", "cleo@example.com"} <= set(people(app))


def test_a_failed_import_says_why_and_can_be_retried(
    app: Flask, client: Any, auth: Any, db: Any
) -> None:
    auth.login("hr", language="de")
    job_page = confirm(client, WITH_BAD_ROW, skip=True)
    db.rollback()
    job = db.scalar(select(Job))
    params = json.loads(job.params_json)
    job.params_json = json.dumps(params | {"skip": False})
    db.commit()
    run_queued(app)
    page = client.get(job_page).get_data(as_text=True)
    assert "Es wurde nichts importiert" in page
    assert "Erneut versuchen" in page
    assert "cleo@example.com" not in people(app)  # nothing half-done
    db.rollback()
    job = db.scalar(select(Job))
    job.params_json = json.dumps(params)
    db.commit()
    client.submit(job_page + "/retry", page=job_page)
    assert run_queued(app) == 1
    assert "cleo@example.com" in people(app)


def test_an_import_whose_worker_died_is_run_again(
    app: Flask, client: Any, auth: Any, db: Any
) -> None:
    auth.login("hr")
    job_page = confirm(client, GOOD)
    assert get_queue(app).huey.dequeue() is not None  # a worker took it ...
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    gone.wait()
    db.rollback()
    job = db.scalar(select(Job))
    job.state, job.runs = "running", 1  # ... and died
    job.worker = f"{socket.gethostname()}:{gone.pid}:dead"
    job.heartbeat_at = job.started_at = utcnow()
    db.commit()
    with app.app_context():
        session = get_database(app).sessionmaker()
        assert reap_scheduled(session, utcnow()) == 1
        session.close()
    assert run_queued(app) == 1
    assert "2 of 2 done." in client.get(job_page).get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(Job.runs)) == 2
    assert {"anna@example.com", "ben@example.com"} <= set(people(app))
