"""Scenario 3: 50 learners at once start a quiz, save answers one by one, submit.

Reported on SQLite and on PostgreSQL: p50/p95 of the server's own time per
request (Server-Timing) and of the time the learners wait, and the errors
(which must be 0). Gunicorn runs 2 workers as everywhere, so waiting time is
mostly queueing behind 50 simultaneous users on 2 cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from bench.results import Figure
from bench.server import ROOT, lms, running_server
from lms.db import make_engine

LEARNERS = 50
PASSWORD = "violet tractor under moonlight"
QUIZ = "/courses/customer-service-essentials/quiz/telephone-etiquette"
POSTGRES = os.environ.get(
    "LMS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"lms_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def create_learners(env: dict[str, str], count: int = LEARNERS) -> list[dict[str, str]]:
    script = (
        "import json, sys\n"
        "from lms import create_app\n"
        "from lms.auth.services import create_person\n"
        "from lms.db import session_scope\n"
        "app = create_app()\n"
        "with session_scope(app) as s:\n"
        f"    for n in range({count}):\n"
        "        create_person(s, email=f'learner{n}@example.com', name=f'Learner {n}',\n"
        f"                      roles=['learner'], password={PASSWORD!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=600)
    return [
        {"email": f"learner{n}@example.com", "password": PASSWORD} for n in range(count)
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_run(workdir: Path, label: str, database_url: str | None) -> list[Figure]:
    with running_server(workdir / f"quiz-{label}", database_url) as server:
        lms(server.env, "content", "sync", str(ROOT))
        users = create_learners(server.env)
        users_file = workdir / f"users-{label}.json"
        out_file = workdir / f"quiz-{label}.json"
        users_file.write_text(json.dumps(users), encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.quiz_load",
                server.base_url,
                str(users_file),
                str(out_file),
                QUIZ,
            ],
            cwd=ROOT,
            check=True,
            timeout=900,
        )
    result = json.loads(out_file.read_text(encoding="utf-8"))
    timings = [t for t in result["timings"] if t["kind"] != "login"]
    server_ms = [t["server_ms"] for t in timings if t["server_ms"] is not None]
    client_ms = [t["client_ms"] for t in timings]
    saves = [
        t["server_ms"] for t in timings if t["kind"] == "save answer" and t["server_ms"]
    ]
    errors = len(result["errors"])
    details = {
        "requests": len(result["timings"]),
        "learners": LEARNERS,
        "seconds": round(result["seconds"], 1),
        "client_p50_ms": round(percentile(client_ms, 0.5), 1),
        "client_p95_ms": round(percentile(client_ms, 0.95), 1),
        "save_p95_ms": round(percentile(saves, 0.95), 1) if saves else 0,
        "errors": errors,
        "first_errors": "; ".join(result["errors"][:3]),
    }
    return [
        Figure(
            scenario="quiz",
            name=f"{label}: server time p50",
            unit="ms",
            value=percentile(server_ms, 0.5),
            details=details,
        ),
        Figure(
            scenario="quiz",
            name=f"{label}: server time p95",
            unit="ms",
            value=percentile(server_ms, 0.95),
        ),
        Figure(
            scenario="quiz",
            name=f"{label}: errors",
            unit="count",
            value=errors,
            target="0",
            met=errors == 0,
        ),
    ]


def run(workdir: Path) -> list[Figure]:
    figures = one_run(workdir, "SQLite", None)
    with postgres_database() as url:
        figures += one_run(workdir, "PostgreSQL", url)
    return figures
