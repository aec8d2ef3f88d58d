"""The job page: progress, result download, failure in the reader's language,
Retry, owner-only access and idempotency; jobs run through the real queue."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.jobs.api import Scope
from lms.jobs.services import submit
from lms.models import Job, Person
from tests.jobs import sample_jobs
from tests.jobs.helpers import queued, run_queued

KEY = "k" * 20


def start(
    app: Any, person: Any, function: Any = sample_jobs.count_to, **kw: Any
) -> Job:
    scope = kw.pop("scope", Scope.OWNER)
    key = kw.pop("key", None)
    with app.app_context(), get_database(app).sessionmaker() as session:
        owner = session.get(Person, person.id)
        return submit(session, function, owner=owner, key=key, params=kw, scope=scope)


def row(db: Any, job: Job) -> Job:
    db.rollback()
    found = db.scalar(select(Job).where(Job.id == job.id))
    assert found is not None
    return found


def test_progress_then_download_for_the_owner(
    app: Any, client: Any, auth: Any, db: Any
) -> None:
    person = auth.login()
    job = start(app, person, n=3)
    assert queued(app) == 1
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert "<progress" in page
    assert "Waiting for a worker to start it." in page
    assert f'href="/jobs/{job.public_id}">Refresh</a>' in page  # no JavaScript
    assert "js/job.js" in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(f"/jobs/{job.public_id}/result").status_code == 404

    assert run_queued(app) == 1
    status = client.get(f"/jobs/{job.public_id}/status").get_json()
    assert status == {
        "state": "done",
        "final": True,
        "done": 3,
        "total": 3,
        "words": "3 of 3 done.",
    }
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert 'value="3"' in page
    assert "3 of 3 done." in page
    assert "Download count.txt" in page
    assert "Refresh" not in page
    download = client.get(f"/jobs/{job.public_id}/result")
    assert download.status_code == 200
    assert download.data == b"1,2,3"
    assert "count.txt" in download.headers["Content-Disposition"]


def test_nobody_else_sees_or_fetches_a_job(
    app: Any, client: Any, auth: Any, make_person: Any
) -> None:
    owner = make_person()
    private = start(app, owner, n=1)
    for_hr = start(app, owner, n=1, scope=Scope.HR)
    run_queued(app)
    auth.login("learner")
    for job in (private, for_hr):
        for path in ("", "/status", "/result"):
            assert client.get(f"/jobs/{job.public_id}{path}").status_code == 404
        assert (
            client.submit(f"/jobs/{job.public_id}/retry", page="/").status_code == 404
        )
    assert client.get("/jobs/not-a-job").status_code == 404
    auth.logout()
    auth.login("hr")
    assert client.get(f"/jobs/{private.public_id}").status_code == 404
    assert client.get(f"/jobs/{for_hr.public_id}/result").data == b"1"


def test_a_failure_says_why_in_the_readers_language_and_retry_runs_it_again(
    app: Any, client: Any, auth: Any, db: Any, tmp_path: Path
) -> None:
    person = auth.login(language="de")
    ok_file = tmp_path / "ok"
    job = start(app, person, n=2, ok_file=str(ok_file))
    run_queued(app)
    assert row(db, job).state == "failed"
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert "Den Kurs gibt es nicht mehr." in page
    assert "Erneut versuchen" in page
    assert client.get(f"/jobs/{job.public_id}/result").status_code == 404

    ok_file.write_text("now it works")
    response = client.submit(
        f"/jobs/{job.public_id}/retry", page=f"/jobs/{job.public_id}"
    )
    assert response.status_code == 302
    assert row(db, job).state == "queued"
    assert run_queued(app) == 1
    done = row(db, job)
    assert (done.state, done.message_json, done.done) == ("done", None, 2)
    assert client.get(f"/jobs/{job.public_id}/result").data == b"1,2"
    # Retrying a job that did not fail changes nothing and queues nothing.
    client.submit(f"/jobs/{job.public_id}/retry", page=f"/jobs/{job.public_id}")
    assert row(db, job).state == "done"
    assert queued(app) == 0


def test_an_unexpected_error_fails_with_a_general_message(
    app: Any, client: Any, auth: Any
) -> None:
    person = auth.login()
    job = start(app, person, n=1, crash=True)
    run_queued(app)
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert "because of an error in the application" in page
    assert "a bug" not in page  # the details are for the log
    assert 'class="pill pill--failed"' in page


def test_the_same_form_twice_gives_one_job_and_one_run(
    app: Any, auth: Any, db: Any, tmp_path: Path
) -> None:
    person = auth.login()
    first = start(app, person, n=2, key=KEY)
    second = start(app, person, n=2, key=KEY)
    assert first.public_id == second.public_id
    assert (
        db.scalar(select(Job.id).where(Job.owner_id == person.id).limit(2).offset(1))
        is None
    )
    # A queue message delivered twice still runs the job once.
    from lms.jobs.queue import get_queue

    get_queue(app).enqueue(first.id)
    assert run_queued(app) == 2
    assert row(db, first).runs == 1
    # Another person's form with the same key is their own job.
    other = start(app, auth.make_person(), n=2, key=KEY)
    assert other.public_id != first.public_id


def test_a_result_is_kept_for_a_day(app: Any, client: Any, auth: Any, db: Any) -> None:
    person = auth.login()
    job = start(app, person, n=1)
    run_queued(app)
    kept = row(db, job)
    assert kept.result_expires_at is not None
    assert timedelta(hours=23) < kept.result_expires_at - utcnow() <= timedelta(days=1)
    kept.result_expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert client.get(f"/jobs/{job.public_id}/result").status_code == 404
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert "kept for a day and has been deleted" in page
    from lms.jobs.runner import clean_expired

    with get_database(app).sessionmaker.begin() as session:
        assert clean_expired(session, utcnow()) == 1
    assert row(db, job).result is None


def test_only_marked_functions_can_be_jobs(app: Any, auth: Any) -> None:
    person = auth.make_person()
    with pytest.raises(TypeError):
        start(app, person, sample_jobs.not_a_job)


def test_the_status_json_follows_progress(
    app: Any, client: Any, auth: Any, db: Any
) -> None:
    person = auth.login()
    job = start(app, person, n=4)
    stored = row(db, job)
    stored.state, stored.total, stored.done = "running", 4, 1
    db.commit()
    status = client.get(f"/jobs/{job.public_id}/status")
    assert status.headers["Cache-Control"] == "no-store"
    assert json.loads(status.data)["words"] == "1 of 4 done."
    page = client.get(f"/jobs/{job.public_id}").get_data(as_text=True)
    assert re.search(r'<progress[^>]*max="4"[^>]*value="1"', page)
