"""Scenario: 20 learners read lessons while 20 others autosave quiz answers.

The load of issue #14 (F3): every first view of a lesson is recorded, a write
from a GET, while autosaves (POSTs) commit around it. Reported on SQLite and on
PostgreSQL, on gunicorn with 2 workers as everywhere: the requests, the errors
(which must be 0) and the p95 of the time each side waits.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.results import Figure
from bench.scenarios.quiz import percentile, postgres_database
from bench.server import ROOT, lms, running_server

READERS = 20
WRITERS = 20
SAVES = 15  # per writer: 300 autosaves beside 20 x 28 lesson views
COURSE = "/courses/customer-service-essentials"
QUIZ = COURSE + "/quiz/telephone-etiquette"


def signed_in_learners(env: dict[str, str], count: int) -> list[dict[str, str]]:
    """Create learners and the session cookie a login would give each.

    Logging in is argon2 work (the quiz scenario measures it); here it would
    take longer than the load itself on a busy machine.
    """
    script = (
        "import json\n"
        "from lms import create_app\n"
        "from datetime import timedelta\n"
        "from lms.auth.services import create_person\n"
        "from lms.auth.sessions import start_session\n"
        "from lms.db import session_scope, utcnow\n"
        "app = create_app()\n"
        "signer = app.session_interface.get_signing_serializer(app)\n"
        "users = []\n"
        "with session_scope(app) as s:\n"
        f"    for n in range({count}):\n"
        "        p = create_person(s, email=f'mixed{n}@example.com',\n"
        "                          name=f'Learner {n}', roles=['learner'])\n"
        "        s.flush()\n"
        "        key = start_session(s, p, remember=True, device='bench',\n"
        "                            now=utcnow(), lifetime=timedelta(days=1))\n"
        "        value = signer.dumps({'_user_id': key, '_fresh': True})\n"
        "        users.append({'email': p.email, 'cookie': value})\n"
        "print(json.dumps({'cookie_name': app.config['SESSION_COOKIE_NAME'],\n"
        "                  'users': users}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    document = json.loads(result.stdout.strip().splitlines()[-1])
    return [
        {**user, "cookie_name": document["cookie_name"]} for user in document["users"]
    ]


def one_run(workdir: Path, label: str, database_url: str | None) -> list[Figure]:
    began = time.perf_counter()

    def step(what: str) -> None:
        print(
            f"   {label}: {what} after {time.perf_counter() - began:.0f} s", flush=True
        )

    with running_server(workdir / f"mixed-{label}", database_url) as server:
        step("server up")
        lms(server.env, "content", "sync", str(ROOT))
        step("course synced")
        users = signed_in_learners(server.env, READERS + WRITERS)
        step("learners created")
        users_file = workdir / f"mixed-users-{label}.json"
        out_file = workdir / f"mixed-{label}.json"
        users_file.write_text(json.dumps(users), encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.mixed_load",
                server.base_url,
                str(users_file),
                str(out_file),
                COURSE,
                QUIZ,
                str(READERS),
                str(SAVES),
            ],
            cwd=ROOT,
            check=True,
            timeout=600,
        )
        step("load done")
    result = json.loads(out_file.read_text(encoding="utf-8"))
    timings = result["timings"]
    figures = []
    for kind, side in (("lesson view", "readers"), ("autosave", "writers")):
        waits = [t["client_ms"] for t in timings if t["kind"] == kind]
        errors = [t for t in timings if t["kind"] == kind and t["status"] >= 400]
        figures.append(
            Figure(
                scenario="mixed",
                name=f"{label}: {kind} p95",
                unit="ms",
                value=round(percentile(waits, 0.95), 1),
                details={
                    "requests": len(waits),
                    "errors": len(errors),
                    "p50_ms": round(percentile(waits, 0.5), 1),
                    side: READERS if side == "readers" else WRITERS,
                },
            )
        )
    error_count = len(result["errors"])
    figures.append(
        Figure(
            scenario="mixed",
            name=f"{label}: errors",
            unit="count",
            value=error_count,
            target="0",
            met=error_count == 0,
            details={
                "requests": len(timings),
                "seconds": round(result["seconds"], 1),
                "first_errors": "; ".join(result["errors"][:3]),
            },
        )
    )
    return figures


def run(workdir: Path) -> list[Figure]:
    figures = one_run(workdir, "SQLite", None)
    with postgres_database() as url:
        figures += one_run(workdir, "PostgreSQL", url)
    return figures
