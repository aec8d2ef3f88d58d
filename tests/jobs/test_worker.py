"""`lms worker`: a real Huey consumer process runs jobs, and a job whose worker is
killed mid-run is run again by the next worker (or fails, saying why)."""

from __future__ import annotations

import os
import signal
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.jobs.runner import MAX_RUNS, reap
from lms.models import Job
from tests.jobs import sample_jobs
from tests.jobs.helpers import start_worker, stop, wait_for
from tests.jobs.test_pages import start

pytestmark = __import__("pytest").mark.slow


def state(db: Any, job: Job) -> Job:
    db.rollback()
    found = db.scalar(select(Job).where(Job.id == job.id))
    assert found is not None
    return found


def test_a_worker_process_runs_the_job_and_the_page_shows_progress(
    app: Any, client: Any, auth: Any, db: Any, tmp_path: Path
) -> None:
    person = auth.login()
    job = start(app, person, sample_jobs.gated, folder=str(tmp_path))
    worker = start_worker(app)
    try:
        # Half-way: the page and its JSON say so while the worker waits at the gate.
        wait_for(lambda: state(db, job).done == 1)
        status = client.get(f"/jobs/{job.public_id}/status").get_json()
        assert (status["state"], status["words"]) == ("running", "1 of 2 done.")
        assert state(db, job).worker.split(":")[1] == str(worker.pid)
        (tmp_path / "gate").touch()
        wait_for(lambda: state(db, job).state == "done")
    finally:
        output = stop(worker)
    assert client.get(f"/jobs/{job.public_id}/result").data == b"through"
    assert (tmp_path / "runs").read_text() == "x", output


def test_a_job_survives_its_worker_being_killed(
    app: Any, client: Any, auth: Any, db: Any, tmp_path: Path
) -> None:
    person = auth.login()
    job = start(app, person, sample_jobs.gated, folder=str(tmp_path))
    first = start_worker(app)
    try:
        wait_for(lambda: state(db, job).done == 1)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        stop(first)
    assert state(db, job).state == "running"  # nobody is running it now
    (tmp_path / "gate").touch()
    second = start_worker(app)
    try:
        wait_for(lambda: state(db, job).state == "done")
    finally:
        output = stop(second)
    assert "re-queued 1 job(s)" in output
    done = state(db, job)
    assert done.runs == 2
    assert (tmp_path / "runs").read_text() == "xx"
    assert client.get(f"/jobs/{job.public_id}/result").data == b"through"


def test_a_job_whose_workers_keep_dying_fails_with_a_clear_message(
    app: Any, client: Any, auth: Any, db: Any
) -> None:
    person = auth.login(language="de")
    job = start(app, person, sample_jobs.count_to, n=1)
    lost = state(db, job)
    lost.state, lost.runs, lost.worker = "running", MAX_RUNS, "elsewhere:1:ab"
    lost.heartbeat_at = utcnow() - timedelta(minutes=10)
    db.commit()
    with get_database(app).sessionmaker.begin() as session:
        assert reap(session, utcnow()) == []
    assert state(db, job).state == "failed"
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert "Der Auftrag wurde 3-mal unterbrochen" in page
    # A worker on another machine that still beats its heart keeps its job.
    other = start(app, person, sample_jobs.count_to, n=1)
    alive = state(db, other)
    alive.state, alive.runs, alive.worker = "running", 1, "elsewhere:1:ab"
    alive.heartbeat_at = utcnow()
    db.commit()
    with get_database(app).sessionmaker.begin() as session:
        assert reap(session, utcnow()) == []
    assert state(db, other).state == "running"
