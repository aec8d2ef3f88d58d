"""The `lms worker` command: runs queued jobs and the periodic tasks."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.db import session_scope, utcnow
from lms.jobs.queue import get_queue
from lms.jobs.runner import WORKER, reap


@click.command("worker")
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Jobs this worker runs at the same time.",
)
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Leave the periodic tasks (reminders, settling) to other workers.",
)
@click.option("--quiet", is_flag=True, help="Log warnings and errors only.")
@with_appcontext
def worker(threads: int, no_periodic: bool, quiet: bool) -> None:
    """Run background jobs and the periodic tasks until stopped (Ctrl-C, SIGTERM).

    Start one beside every web server, or several on their own machines when
    the queue is on Redis (LMS_JOBS_REDIS_URL); README.md, "Deployment".
    """
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy
    queue = get_queue(app)
    # Jobs whose worker died (on this machine) go back in the queue at once.
    with session_scope(app) as session:
        requeued = reap(session, utcnow())
    for job_id in requeued:
        queue.enqueue(job_id)
    if not quiet or requeued:
        click.echo(
            f"worker {WORKER}: {threads} thread(s), re-queued {len(requeued)} job(s)"
        )
    consumer = queue.huey.create_consumer(
        workers=threads, worker_type="thread", periodic=not no_periodic
    )
    consumer.run()
