"""With LMS_JOBS_REDIS_URL the queue is on Redis: two web servers' jobs are run by
one worker process on another "machine", each exactly once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from huey import RedisHuey
from sqlalchemy import select

from lms import create_app
from lms.db import get_database
from lms.jobs.queue import get_queue
from lms.models import Job
from tests.fixtures.redis import REDIS_URL
from tests.jobs import sample_jobs
from tests.jobs.helpers import start_worker, stop, wait_for
from tests.jobs.test_pages import start


@pytest.fixture
def on_redis(app_config: dict[str, Any], redis_prefix: str) -> dict[str, Any]:
    app_config.update(
        LMS_JOBS_REDIS_URL=REDIS_URL, LMS_RATELIMIT_KEY_PREFIX=redis_prefix
    )
    return app_config


def test_two_web_servers_one_worker_each_job_runs_once(
    on_redis: dict[str, Any], make_person: Any, db: Any, tmp_path: Path
) -> None:
    web = [create_app(on_redis), create_app(on_redis)]
    assert all(isinstance(get_queue(a).huey, RedisHuey) for a in web)
    assert not (Path(web[0].instance_path) / "jobs.sqlite3").exists()
    person = make_person()
    jobs = [start(a, person, sample_jobs.count_to, n=3) for a in web]
    get_queue(web[1]).enqueue(jobs[0].id)  # one message delivered twice
    worker = start_worker(
        web[0],
        env_extra={
            "LMS_JOBS_REDIS_URL": REDIS_URL,
            "LMS_RATELIMIT_KEY_PREFIX": on_redis["LMS_RATELIMIT_KEY_PREFIX"],
            # another machine: its own instance folder
            "LMS_INSTANCE_PATH": str(tmp_path / "worker-instance"),
        },
    )
    try:

        def all_done() -> bool:
            db.rollback()
            states = db.scalars(select(Job.state)).all()
            return len(states) == 2 and set(states) == {"done"}

        wait_for(all_done)
        wait_for(lambda: get_queue(web[0]).huey.pending_count() == 0)
    finally:
        stop(worker)
    db.rollback()
    assert db.scalars(select(Job.runs)).all() == [1, 1]
    for application in web:
        get_database(application).dispose()
