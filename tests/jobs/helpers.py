"""Running queued jobs the way a worker does, in this process or in a real one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from lms.jobs.queue import get_queue

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from lms.cli import main; sys.argv[0] = 'lms'; main()"


def run_queued(app: Flask) -> int:
    """Take every message off the real queue storage and execute it; how many."""
    huey = get_queue(app).huey
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        count += 1
    return count


def queued(app: Flask) -> int:
    return int(get_queue(app).huey.pending_count())


def start_worker(
    app: Flask, *extra: str, env_extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`lms worker` in a process of its own, on the test's database and queue."""
    env = dict(os.environ, **(env_extra or {}))
    env.update(
        {
            "LMS_DATABASE_URL": app.config["LMS_DATABASE_URL"],
            "LMS_INSTANCE_PATH": app.instance_path,
            "LMS_SECRET_KEY": app.config["SECRET_KEY"],
            "LMS_BASE_URL": app.config["LMS_BASE_URL"],
            "PYTHONPATH": str(ROOT),
        }
    )
    return subprocess.Popen(  # noqa: S603  (our own command)
        [sys.executable, "-c", CLI, "worker", "--threads", "1", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition: Callable[[], Any], seconds: float = 120) -> Any:
    """Poll ``condition`` until it is true (a worker in another process).

    Generous: a worker process starting on a busy 2-core machine can take
    tens of seconds; a condition that is met returns at once.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {condition}")


def stop(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None:
        process.terminate()
    output, _err = process.communicate(timeout=30)
    return output.decode(errors="replace")
