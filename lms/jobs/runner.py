"""Running a job in a worker: claim it once, run its function, record the outcome.

A job is claimed by a conditional UPDATE (queued -> running), so a second copy
of its queue message never runs it twice. While it runs, its row carries the
worker's name and a heartbeat; a job whose worker died (a killed process, a
lost machine) is put back in the queue by the reaper, up to ``MAX_RUNS`` runs,
and then fails with a message saying so.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.db import get_database, session_scope, utcnow
from lms.jobs.api import JobFailed, JobResult, Message, State, resolve
from lms.models import Job

log = logging.getLogger("lms.jobs")

#: The worker process's name in a running job's row: host, process id, a token
#: that tells this process from an earlier one with the same id.
WORKER = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
HEARTBEAT = timedelta(seconds=20)
#: A running job whose heartbeat is older than this has lost its worker.
STALE = timedelta(minutes=2)
MAX_RUNS = 3
RESULT_KEPT = timedelta(days=1)

CRASHED = _l(
    "The job failed because of an error in the application. Its details are in "
    "the worker's log; try again, and tell the administrators if it fails again."
)
WORKER_LOST = _l(
    "The job was interrupted %(runs)s times because the worker running it "
    "stopped. Try again, and tell the administrators if it happens again."
)
GONE = _l("This kind of job no longer exists in this version of the application.")


class Context:
    """The JobContext a job function gets."""

    def __init__(self, session: Session, job: Job) -> None:
        self.session = session
        self.public_id = job.public_id
        self.owner_id = job.owner_id
        self._job_id = job.id
        self._total = job.total

    def progress(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self._total = total
        values: dict[str, Any] = {"done": done, "heartbeat_at": utcnow()}
        if total is not None:
            values["total"] = total
        self.session.execute(_mine(self._job_id).values(**values))
        self.session.commit()


def _mine(job_id: int) -> Any:
    """An UPDATE of the job while this worker runs it (not after a reaper took it)."""
    return (
        update(Job)
        .where(Job.id == job_id, Job.worker == WORKER, Job.state == State.RUNNING)
        .execution_options(synchronize_session=False)
    )


def claim(app: Flask, job_id: int) -> bool:
    now = utcnow()
    with session_scope(app) as session:
        claimed = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == State.QUEUED)
            .values(
                state=State.RUNNING,
                worker=WORKER,
                started_at=now,
                heartbeat_at=now,
                runs=Job.runs + 1,
                done=0,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def run_job(app: Flask, job_id: int) -> None:
    """Run the job if it is still queued; record done or failed."""
    if not claim(app, job_id):
        log.info("job %s is not queued (any more): not run", job_id)
        return
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(app, job_id, stop), daemon=True)
    beat.start()
    session = get_database(app).sessionmaker()
    g.db_session = session  # get_session() in the job function is this session
    try:
        outcome = _call(session, job_id)
    finally:
        stop.set()
        g.pop("db_session", None)
        session.close()
    _finish(app, job_id, outcome)


def _call(session: Session, job_id: int) -> JobResult | Message | None:
    job = session.get(Job, job_id)
    if job is None:
        return None
    try:
        function = resolve(job.kind)
    except LookupError:
        return Message.of(GONE)
    params = json.loads(job.params_json or "{}")
    try:
        result = function(Context(session, job), **params)
        session.commit()
    except JobFailed as failure:
        session.rollback()
        return failure.message
    except Exception:
        session.rollback()
        log.exception("job %s (%s) failed", job.public_id, job.kind)
        return Message.of(CRASHED)
    return result if result is not None else None


def _finish(app: Flask, job_id: int, outcome: JobResult | Message | None) -> None:
    now = utcnow()
    values: dict[str, Any] = {"finished_at": now, "worker": None}
    if isinstance(outcome, Message):
        values |= {"state": State.FAILED, "message_json": outcome.to_json()}
    else:
        values |= {"state": State.DONE, "message_json": None}
        if outcome is not None:
            values |= {
                "result": outcome.data,
                "result_name": outcome.filename,
                "result_type": outcome.mimetype,
                "result_expires_at": now + RESULT_KEPT,
            }
    with session_scope(app) as session:
        job = session.get(Job, job_id)
        if job is not None and job.total is not None and "result_name" in values:
            values["done"] = job.total
        session.execute(_mine(job_id).values(**values))


def _heartbeat(app: Flask, job_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT.total_seconds()):
        try:
            with session_scope(app) as session:
                session.execute(_mine(job_id).values(heartbeat_at=utcnow()))
        except Exception:  # noqa: BLE001  (a busy database: the next beat will do)
            log.warning("job %s: heartbeat not stored", job_id, exc_info=True)


def _alive(worker: str | None) -> bool:
    """False when ``worker`` ran on this machine and that process is gone."""
    host, _sep, rest = (worker or "").partition(":")
    pid_text, _sep, token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine: only its heartbeat tells
    if worker == WORKER:
        return True
    if int(pid_text) == os.getpid():
        return False  # an earlier process with this process's id
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap(session: Session, now: datetime) -> list[int]:
    """Put jobs whose worker died back in the queue (or fail them); their ids."""
    running = session.scalars(
        select(Job).where(Job.state == State.RUNNING).with_for_update()
    ).all()
    requeued = []
    for job in running:
        stale = job.heartbeat_at is None or job.heartbeat_at < now - STALE
        if not stale and _alive(job.worker):
            continue
        log.warning("job %s lost its worker %s", job.public_id, job.worker)
        job.worker = None
        if job.runs >= MAX_RUNS:
            job.state = State.FAILED
            job.finished_at = now
            lost = Message(Message.of(WORKER_LOST).msgid, {"runs": job.runs})
            job.message_json = lost.to_json()
        else:
            job.state = State.QUEUED
            job.done = 0
            requeued.append(job.id)
    session.flush()
    return requeued


def clean_expired(session: Session, now: datetime) -> int:
    """Drop result files older than a day (the job row stays)."""
    expired = session.execute(
        update(Job)
        .where(Job.result_expires_at.is_not(None), Job.result_expires_at < now)
        .values(result=None)
        .execution_options(synchronize_session=False)
    )
    return int(expired.rowcount)  # type: ignore[attr-defined]
