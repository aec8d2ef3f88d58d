"""Job functions for the tests: count with progress, fail on request, wait at a gate."""

from __future__ import annotations

import time
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.jobs.api import JobContext, JobFailed, JobResult, job_function


@job_function(_l("Background job"))
def count_to(
    ctx: JobContext, n: int, ok_file: str | None = None, crash: bool = False
) -> JobResult:
    """Counts to n; fails with a message while ``ok_file`` does not exist."""
    ctx.progress(0, total=n)
    for done in range(1, n + 1):
        ctx.progress(done)
    if crash:
        raise RuntimeError("a bug")
    if ok_file is not None and not Path(ok_file).exists():
        raise JobFailed(_l("The course no longer exists."))
    text = ",".join(str(i) for i in range(1, n + 1))
    return JobResult(text.encode(), "count.txt", "text/plain")


@job_function(_l("Background job"))
def gated(ctx: JobContext, folder: str) -> JobResult:
    """One step, then waits for the file ``gate`` in ``folder``; notes each run."""
    runs = Path(folder) / "runs"
    runs.write_text(runs.read_text() + "x" if runs.exists() else "x")
    ctx.progress(1, total=2)
    while not (Path(folder) / "gate").exists():
        time.sleep(0.05)
    ctx.progress(2)
    return JobResult(b"through", "gate.txt", "text/plain")


def not_a_job(ctx: JobContext) -> None:
    """Not marked: may not be stored as a job's kind."""
