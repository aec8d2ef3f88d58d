"""The queue: Huey on SQLite in the instance folder, or on Redis when configured.

The queue carries a job's row id only; everything else is in the ``job`` table,
so any web server can show a job and any worker can run it. Periodic tasks
(reminders, settling attempts, ...) are Huey periodic tasks of the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.db import session_scope, utcnow
from lms.errors import ConfigError
from lms.jobs import runner
from lms.jobs.api import State
from lms.models import Job

log = logging.getLogger("lms.jobs")
QUEUE_FILE = "jobs.sqlite3"
#: A queued job whose message is in no queue this long after it was created lost
#: it (the queue, e.g. Redis, was unreachable as its request ended): queued again.
LOST_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Periodic:
    """Work a worker does on a schedule: ``function(session, now)``.

    ``setting`` names the config key (``LMS_SCHEDULE_...``) holding its schedule,
    five cron fields (``*/5 * * * *``) in UTC; an empty setting turns it off.
    """

    name: str
    setting: str
    function: Callable[[Session, datetime], object]


@dataclass
class Queue:
    huey: Huey
    run: TaskWrapper

    def enqueue(self, job_id: int) -> None:
        self.run(job_id)

    def pending_job_ids(self) -> set[int]:
        """The jobs whose message waits in the queue (not yet taken by a worker)."""
        return {
            int(task.args[0])
            for task in self.huey.pending()
            if task.name == self.run.name and task.args
        }


def make_huey(config: dict[str, Any], instance_path: str) -> Huey:
    redis_url = str(config.get("LMS_JOBS_REDIS_URL") or "")
    name = f"{config.get('LMS_RATELIMIT_KEY_PREFIX') or 'lms'}-jobs"
    if redis_url:
        return RedisHuey(name, url=redis_url, results=False, utc=True)
    folder = Path(instance_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return SqliteHuey(
        name, filename=str(folder / QUEUE_FILE), results=False, utc=True, timeout=30
    )


def schedule(value: str, setting: str) -> Any:
    """Five cron fields as a Huey schedule; ConfigError naming ``setting``."""
    fields = value.split()
    if len(fields) != 5:
        raise ConfigError(
            f"{setting} must be five cron fields like '*/5 * * * *', not {value!r}"
        )
    minute, hour, day, month, day_of_week = fields
    try:
        test = crontab(minute, hour, day, month, day_of_week)
        test(datetime(2026, 1, 1, tzinfo=UTC))
    except Exception:  # noqa: BLE001  (huey raises ValueError or others)
        raise ConfigError(
            f"{setting} must be five cron fields like '*/5 * * * *', not {value!r}"
        ) from None
    return test


def init_app(app: Flask, periodic: Sequence[Periodic]) -> None:
    """Create the app's queue and register the job task and the periodic ones."""
    huey = make_huey(app.config, app.instance_path)

    def run_job(job_id: int) -> None:
        with app.app_context():
            runner.run_job(app, job_id)

    task = huey.task(name="lms.jobs.run")(run_job)
    internal = [
        Periodic("lms.jobs.reap", "LMS_SCHEDULE_JOBS_REAP", reap_scheduled),
        Periodic("lms.jobs.clean", "LMS_SCHEDULE_JOBS_CLEAN", runner.clean_expired),
    ]
    for item in (*internal, *periodic):
        value = str(app.config.get(item.setting) or "").strip()
        if not value:
            continue
        huey.periodic_task(schedule(value, item.setting), name=item.name)(
            _periodic_runner(app, item)
        )
    app.extensions["lms.jobs"] = Queue(huey, task)


def _periodic_runner(app: Flask, item: Periodic) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            with session_scope(app) as session:
                outcome = item.function(session, utcnow())
            log.info("%s: %s", item.name, outcome)

    run.__name__ = item.name.replace(".", "_")
    return run


def reap_scheduled(session: Session, now: datetime) -> int:
    """The reaper as a periodic task: jobs whose worker died, and queued jobs whose
    message was lost, go (back) in the queue once the change is committed."""
    queue = get_queue()
    requeued = runner.reap(session, now)
    session.commit()
    requeued += lost_messages(session, queue, now)
    for job_id in requeued:
        queue.enqueue(job_id)
    return len(requeued)


def lost_messages(session: Session, queue: Queue, now: datetime) -> list[int]:
    """Queued jobs older than ``LOST_AFTER`` that have no message in the queue.

    A job taken by a worker between the two reads gets a second message, which
    does nothing: a job runs only while it is still queued (runner.claim).
    """
    waiting = session.scalars(
        select(Job.id).where(
            Job.state == State.QUEUED, Job.created_at < now - LOST_AFTER
        )
    ).all()
    if not waiting:
        return []
    pending = queue.pending_job_ids()
    lost = [job_id for job_id in waiting if job_id not in pending]
    if lost:
        log.warning("queued again, their message was lost: jobs %s", lost)
    return lost


def get_queue(app: Flask | None = None) -> Queue:
    queue: Queue = (app or current_app).extensions["lms.jobs"]
    return queue
