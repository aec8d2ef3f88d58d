"""`make run` starts gunicorn and a worker through tools/run-with-worker.sh, which
stops both together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.jobs.helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "run-with-worker.sh"


def child(folder: Path, name: str, seconds: int = 60) -> list[str]:
    """A stand-in process that notes its pid and runs until stopped (or ``seconds``)."""
    code = (
        "import os, sys, time; "
        f"open({str(folder / name)!r}, 'w').write(str(os.getpid())); "
        f"time.sleep({seconds})"
    )
    return [sys.executable, "-c", code]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (stopped but not yet reaped by init) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def pids(folder: Path) -> list[int]:
    files = [folder / "worker", folder / "web"]
    if not all(f.exists() and f.read_text() for f in files):
        return []
    return [int(f.read_text()) for f in files]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_both(tmp_path: Path, how: signal.Signals) -> None:
    wrapper = subprocess.Popen(  # noqa: S603
        ["bash", str(SCRIPT), *child(tmp_path, "worker"), "--", *child(tmp_path, "web")]
    )
    started = wait_for(lambda: pids(tmp_path))
    wrapper.send_signal(how)
    assert wrapper.wait(timeout=30) != 0
    wait_for(lambda: not any(alive(pid) for pid in started))


def test_when_the_web_server_ends_the_worker_is_stopped(tmp_path: Path) -> None:
    # The "web server" ends as soon as the worker has started.
    web = (
        "import os, pathlib, time\n"
        f"flag = pathlib.Path({str(tmp_path / 'worker')!r})\n"
        "while not (flag.exists() and flag.read_text()):\n"
        "    time.sleep(0.05)\n"
    )
    wrapper = subprocess.Popen(  # noqa: S603
        [
            "bash",
            str(SCRIPT),
            *child(tmp_path, "worker"),
            "--",
            sys.executable,
            "-c",
            web,
        ]
    )
    assert wrapper.wait(timeout=30) == 0
    worker_pid = int((tmp_path / "worker").read_text())
    wait_for(lambda: not alive(worker_pid))


def test_make_run_uses_it() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "tools/run-with-worker.sh $(BIN)/lms worker --quiet --" in makefile
