"""A job whose queue was unreachable as its request ended (Redis down for a moment,
on a deployment with several servers) is not lost: the page shows it waiting,
and the worker's periodic reaper queues it again once it has waited too long."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lms import create_app
from lms.db import get_database, session_scope, utcnow
from lms.jobs.queue import LOST_AFTER, get_queue, reap_scheduled
from lms.models import Certificate, Course, Job, Person
from tests.certify.helpers import earn
from tests.fixtures.app import Client
from tests.fixtures.people import PASSWORD
from tests.jobs.helpers import queued, run_queued
from tests.jobs.test_pages import start

# Nothing listens on port 1: every connection is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def reap(app: Any, now: Any) -> int:
    with app.app_context(), session_scope(app) as session:
        return reap_scheduled(session, now)


def test_a_job_submitted_while_the_queue_is_down_runs_later(
    app: Any, app_config: dict[str, Any], db: Any, make_person: Any, synced: Any
) -> None:
    session = get_database(app).sessionmaker()
    holder = make_person(name="Ada Lovelace")
    person = session.get(Person, holder.id)
    assert person is not None
    earn(session, person, utcnow() - timedelta(days=30))
    session.close()
    hr = make_person(roles=("hr",))
    # A web server whose Redis is down; `app` is the worker, its queue reachable.
    web = create_app({**app_config, "LMS_JOBS_REDIS_URL": DEAD_REDIS})
    web.test_client_class = Client
    browser: Any = web.test_client()
    login = {"email": hr.email, "password": PASSWORD}
    assert browser.submit("/login", login).status_code == 302
    course = db.scalar(select(Course.id).where(Course.slug == "cse"))
    path = f"/hr/certificates/reissue-course?course={course}"
    html = browser.get(path).get_data(as_text=True)
    key = re.search(r'name="job_key" value="([^"]+)"', html)
    assert key
    sent = browser.submit(
        path, {"course": str(course), "job_key": key.group(1)}, page=path
    )
    assert sent.status_code == 302  # not a 500: the job is stored
    job_page = sent.headers["Location"]
    assert "Waiting for a worker to start it." in browser.get(job_page).get_data(
        as_text=True
    )

    # Not yet given up: a message may still be on its way.
    assert reap(app, utcnow()) == 0
    assert queued(app) == 0
    assert reap(app, utcnow() + LOST_AFTER + timedelta(seconds=1)) == 1
    assert run_queued(app) == 1
    db.rollback()
    job = db.scalar(select(Job))
    assert job is not None
    assert (job.state, job.runs, job.done) == ("done", 1, 1)
    assert len(db.scalars(select(Certificate)).all()) == 2
    assert "1 of 1 done." in browser.get(job_page).get_data(as_text=True)
    get_database(web).dispose()


def test_a_job_whose_message_waits_is_not_queued_twice(
    app: Any, make_person: Any
) -> None:
    start(app, make_person(), n=2)
    assert queued(app) == 1
    assert get_queue(app).pending_job_ids() != set()
    assert reap(app, utcnow() + LOST_AFTER * 10) == 0
    assert queued(app) == 1
