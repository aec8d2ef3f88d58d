"""Starting gunicorn on loopback for a benchmark and logging in to it over HTTP."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base_url: str
    env: dict[str, str]

    def url(self, path: str) -> str:
        return self.base_url + path


def lms(env: dict[str, str], *args: str, stdin: str = "") -> str:
    result = subprocess.run(
        [str(BIN / "lms"), *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lms {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


@contextmanager
def running_server(
    instance: Path,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Migrate a fresh database and serve it with gunicorn until the block ends."""
    env = {
        **os.environ,
        "LMS_INSTANCE_PATH": str(instance),
        "LMS_SECRET_KEY": "bench-secret",
        "LMS_LOGIN_LIMIT": "1000000 per minute",
        # The commands and the server run this tree's lms, not whatever the
        # virtualenv's editable install points at.
        "PYTHONPATH": str(ROOT),
    }
    if database_url:
        env["LMS_DATABASE_URL"] = database_url
    env.update(extra_env or {})
    lms(env, "db", "upgrade")
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            "bench.app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    server = Server(base_url=f"http://127.0.0.1:{port}", env=env)
    try:
        wait_until_up(server)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def login(server: Server, email: str, password: str) -> str:
    """Log in through the real form and return the Cookie header to reuse."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(server.url("/login")).read().decode()
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": password}
    ).encode()
    opener.open(server.url("/login"), data=form).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookie:
        raise RuntimeError("login failed")
    return cookie


def status_of(server: Server, path: str, cookie: str) -> int:
    request = urllib.request.Request(server.url(path), headers={"Cookie": cookie})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


LEARNER_EMAIL = "learner@example.com"
LEARNER_PASSWORD = "violet tractor under moonlight"


def learner_cookie(server: Server) -> str:
    """Create the scenario's learner and return a logged-in Cookie header."""
    lms(
        server.env,
        "user",
        "create",
        LEARNER_EMAIL,
        "--name",
        "Bench Learner",
        stdin=LEARNER_PASSWORD + "\n",
    )
    return login(server, LEARNER_EMAIL, LEARNER_PASSWORD)


@contextmanager
def running_worker(server: Server) -> Iterator[None]:
    """`lms worker` beside gunicorn, on the same database and queue, as
    `make run` starts it; the periodic work that would compete with what a
    scenario measures is off."""
    env = dict(server.env)
    for setting in (
        "LMS_SCHEDULE_REMINDERS",
        "LMS_SCHEDULE_SETTLE",
        "LMS_SCHEDULE_REOPEN",
        "LMS_SCHEDULE_REFRESHERS",
    ):
        env[setting] = ""
    log = Path(env["LMS_INSTANCE_PATH"]) / "worker.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603  (our own command)
            [str(BIN / "lms"), "worker", "--threads", "1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield
        finally:
            process.terminate()
            process.wait(timeout=60)
