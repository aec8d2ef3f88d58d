"""Real app servers (gunicorn) and `lms worker` processes on one database and one
Redis, and a browser (requests, one cookie jar) that talks to any of them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from lms.cli import main; sys.argv[0] = 'lms'; main()"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """One gunicorn on a loopback port, with its own instance folder."""

    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path


@dataclass
class Cluster:
    """The shared settings of every process, and the processes started so far."""

    env: dict[str, str]
    folder: Path
    processes: list[tuple[subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def _env(self, name: str, **changes: str) -> dict[str, str]:
        # Each process its own instance folder, as on its own machine: the
        # secret key and everything shared come from the environment.
        instance = str(self.folder / name / "instance")
        return {**self.env, "LMS_INSTANCE_PATH": instance, **changes}

    def _spawn(
        self, name: str, command: list[str], **changes: str
    ) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.folder / f"{name}.log"
        (self.folder / name).mkdir(parents=True, exist_ok=True)
        env = self._env(name, **changes)
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603  (our own command)
                command, cwd=ROOT, env=env, stdout=out, stderr=out
            )
        self.processes.append((process, log))
        return process, log

    def start_server(self, name: str, **changes: str) -> Server:
        """A server; ``changes`` to the shared environment make it the odd one."""
        port = free_port()
        process, log = self._spawn(
            name,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--log-level",
                "warning",
                "lms:create_app()",
            ],
            **changes,
        )
        return Server(name, f"http://127.0.0.1:{port}", process, log)

    def start_worker(self, name: str, *options: str) -> subprocess.Popen[bytes]:
        process, _log = self._spawn(
            name, [sys.executable, "-c", CLI, "worker", "--threads", "2", *options]
        )
        return process

    def wait_until_up(self, server: Server, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise AssertionError(f"{server.name} ended: {self.logs()}")
            try:
                if requests.get(server.url("/healthz"), timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{server.name} did not come up: {self.logs()}")

    def stop(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                process.terminate()
        for process, _log in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}"
            for _process, log in self.processes
        )


class Browser:
    """One person's browser in front of a load balancer: one cookie jar for every
    server (cookies do not tell ports apart), each request sent to the server named."""

    def __init__(self, cookies: Mapping[str, str] | None = None) -> None:
        self.http = requests.Session()
        for name, value in (cookies or {}).items():
            self.http.cookies.set(name, value)

    def cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value or "" for cookie in self.http.cookies}

    def get(self, server: Server, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        return self.http.get(server.url(path), timeout=60, **kw)

    def page(self, server: Server, path: str) -> str:
        response = self.get(server, path, allow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)
        return response.text

    def post(
        self,
        server: Server,
        path: str,
        data: Mapping[str, Any] | None = None,
        *,
        html: str,
    ) -> requests.Response:
        """Send a form as a browser would, with the CSRF token of the page ``html``."""
        token = CSRF_INPUT.search(html)
        assert token, "no CSRF token on the page"
        form = {"csrf_token": token.group(1), **(data or {})}
        return self.http.post(
            server.url(path), data=form, allow_redirects=False, timeout=60
        )

    def login(self, server: Server, email: str, password: str) -> requests.Response:
        html = self.page(server, "/login")
        return self.post(
            server, "/login", {"email": email, "password": password}, html=html
        )


def wait_for(condition: Any, seconds: float = 120) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {condition}")


def base_env(**settings: str) -> dict[str, str]:
    """The environment of every process: this tree's lms, and ``settings``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("LMS_") or key == "LMS_TEST_DATABASE_URL"
    }
    return {**env, "PYTHONPATH": str(ROOT), **settings}
