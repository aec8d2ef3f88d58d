"""Submitting, finding, retrying jobs, and what their pages show."""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from flask import has_request_context, url_for
from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.db import after_commit, utcnow
from lms.jobs.api import (
    FINAL_STATES,
    Message,
    Scope,
    State,
    kind_of,
    page_of,
    title_of,
)
from lms.jobs.queue import Queue, get_queue
from lms.models import Job, Person, Role

_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
HR_ROLES = (Role.HR.value, Role.ADMIN.value)
log = logging.getLogger("lms.jobs")


def new_key() -> str:
    """A form's idempotency key (its hidden ``job_key`` field)."""
    return secrets.token_urlsafe(24)


def submit(
    session: Session,
    function: Callable[..., Any],
    *,
    owner: Person,
    key: str | None,
    params: Mapping[str, Any] | None = None,
    scope: Scope = Scope.OWNER,
) -> Job:
    """The job for this request: a new one, queued, or the one ``key`` already made.

    ``key`` comes from the form (``new_key()``, sent back in a hidden field), so
    a form sent twice gives one job. In a request the job is queued once the
    request's transaction commits; elsewhere (a command) this commits ``session``
    and queues it at once.
    """
    kind_of(function)  # TypeError at once for an unmarked function
    if not key or not _KEY.match(key):
        key = new_key()  # no usable key: this submission is its own job
    existing = _by_key(session, owner.id, key)
    if existing is not None:
        return existing
    job = new_job(function, owner=owner, key=key, params=params, scope=scope)
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        found = _by_key(session, owner.id, key)
        if found is None:
            raise
        return found  # the same form, sent a moment ago by another request
    enqueue_after_commit(session, job.id)
    return job


def new_job(
    function: Callable[..., Any],
    *,
    owner: Person,
    key: str | None = None,
    params: Mapping[str, Any] | None = None,
    scope: Scope = Scope.OWNER,
) -> Job:
    """A queued job row, not yet added: for a caller that guards "once" itself
    (a row it claims) and queues it with ``enqueue_after_commit``."""
    return Job(
        public_id=secrets.token_urlsafe(16),
        kind=kind_of(function),
        owner_id=owner.id,
        scope=scope.value,
        idempotency_key=key if key and _KEY.match(key) else new_key(),
        params_json=json.dumps(dict(params or {}), sort_keys=True),
        state=State.QUEUED,
        done=0,
        runs=0,
        created_at=utcnow(),
    )


def _by_key(session: Session, owner_id: int, key: str) -> Job | None:
    return session.scalar(
        select(Job).where(Job.owner_id == owner_id, Job.idempotency_key == key)
    )


def enqueue_after_commit(session: Session, job_id: int) -> None:
    """Queue a stored job once the request commits (elsewhere: commit, queue)."""
    queue = get_queue()
    if has_request_context():
        after_commit(lambda: _enqueue(queue, job_id))
    else:
        session.commit()
        _enqueue(queue, job_id)


def _enqueue(queue: Queue, job_id: int) -> None:
    """Queue the stored job; if the queue is unreachable (Redis down), the job
    stays queued in the database and the reaper queues it later (LOST_AFTER)."""
    try:
        queue.enqueue(job_id)
    except Exception:  # noqa: BLE001  (redis, sqlite: any error of the queue)
        log.exception("job %s not queued now; the reaper will queue it", job_id)


def visible_job(session: Session, person: Person, public_id: str) -> Job | None:
    """The job if ``person`` may see it (its owner, or HR for an HR job)."""
    job = session.scalar(select(Job).where(Job.public_id == public_id))
    if job is None:
        return None
    if job.owner_id == person.id:
        return job
    if job.scope == Scope.HR and person.has_role(*HR_ROLES):
        return job
    return None


def retry(session: Session, job: Job) -> bool:
    """Queue a failed job again; False if it is not failed (any more)."""
    again = session.execute(
        update(Job)
        .where(Job.id == job.id, Job.state == State.FAILED)
        .values(
            state=State.QUEUED,
            done=0,
            message_json=None,
            started_at=None,
            finished_at=None,
            runs=0,
        )
        .execution_options(synchronize_session=False)
    )
    if again.rowcount != 1:  # type: ignore[attr-defined]
        return False
    enqueue_after_commit(session, job.id)
    return True


def has_result(job: Job, now: Any = None) -> bool:
    return (
        job.state == State.DONE
        and job.result is not None
        and job.result_expires_at is not None
        and (now or utcnow()) < job.result_expires_at
    )


def result_page(job: Job) -> str | None:
    """The address of the page showing a done job's result (None: a download)."""
    endpoint = page_of(job.kind)
    if endpoint is None or not has_result(job):
        return None
    return url_for(endpoint, public_id=job.public_id)


def failure_text(job: Job) -> str | None:
    """The failure message in the reader's language."""
    if job.message_json is None:
        return None
    message = Message.from_json(job.message_json)
    return str(gettext(message.msgid, **message.params))


def title(job: Job) -> str:
    found = title_of(job.kind)
    return str(found) if found is not None else gettext("Background job")


def progress_words(job: Job) -> str:
    if job.total is None:
        if job.state == State.QUEUED:
            return str(gettext("Waiting for a worker to start it."))
        return str(gettext("%(done)s done so far.", done=job.done))
    return str(gettext("%(done)s of %(total)s done.", done=job.done, total=job.total))


def status(job: Job) -> dict[str, Any]:
    """The JSON the job page polls."""
    return {
        "state": job.state,
        "final": job.state in FINAL_STATES,
        "done": job.done,
        "total": job.total,
        "words": progress_words(job),
    }
