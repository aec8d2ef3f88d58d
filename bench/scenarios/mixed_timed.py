"""Readers and writers together for a fixed time: throughput of each, errors.

On gunicorn (2 workers) with the shipped course, on SQLite and PostgreSQL:
READERS learners open the course's lessons in a loop while WRITERS learners
autosave quiz answers and, every COMPLETE_EVERY-th step, mark a lesson
complete, all for DURATION seconds after one barrier. Every response is
checked (bench.latency.mixed_error): a lesson view must be the lesson page,
an autosave must return the next revision, a complete must redirect but not to
the login page; anything else is an error. Reported: good requests per second
of each side and the error count (target 0).
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.latency import mixed_error, per_kind
from bench.mixed_load import Reader, Writer
from bench.quiz_load import Log
from bench.results import Figure
from bench.scenarios.mixed import COURSE, QUIZ, signed_in_learners
from bench.scenarios.quiz import postgres_database
from bench.server import ROOT, lms, running_server

READERS = 10
WRITERS = 10
DURATION = 20.0
COMPLETE_EVERY = 5

Outcomes = list[tuple[str, str]]


def _read(reader: Reader, lessons: list[str], until: float, out: Outcomes) -> None:
    step = 0
    while time.perf_counter() < until:
        status, body, location = reader.request(
            "lesson view", lessons[step % len(lessons)]
        )
        out.append(("lesson view", mixed_error("lesson view", status, body, location)))
        step += 1


def _write(
    writer: Writer,
    paper: tuple[str, list[tuple[str, dict[str, object]]]],
    lessons: list[str],
    until: float,
    out: Outcomes,
) -> None:
    attempt, fields = paper
    step = 0
    while time.perf_counter() < until:
        step += 1
        if step % COMPLETE_EVERY == 0:
            lesson = lessons[(step // COMPLETE_EVERY) % len(lessons)]
            status, body, location = writer.request(
                "complete", lesson + "/complete", {"csrf_token": writer.token}
            )
            out.append(("complete", mixed_error("complete", status, body, location)))
            continue
        qid, values = fields[step % len(fields)]
        status, body, location = writer.request(
            "autosave",
            attempt,
            {
                "csrf_token": writer.token,
                "present": qid,
                "revision": writer.revision,
                **values,
            },
            json_reply=True,
        )
        error = mixed_error("autosave", status, body, location)
        if not error:
            writer.revision = str(json.loads(body)["revision"])
        out.append(("autosave", error))


def load(base: str, users: list[dict[str, str]]) -> tuple[Outcomes, float]:
    setup = Log()
    readers = [Reader(base, user, setup) for user in users[:READERS]]
    writers = [Writer(base, user, setup) for user in users[READERS:]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        lessons = list(pool.map(lambda reader: reader.prepare(COURSE), readers))
        papers = list(pool.map(lambda writer: writer.prepare(QUIZ), writers))
    if setup.errors or not all(lessons) or not all(f for _a, f in papers):
        raise RuntimeError(f"mixed_timed setup failed: {setup.errors[:3]}")
    barrier = threading.Barrier(READERS + WRITERS + 1)
    outs: list[Outcomes] = [[] for _ in range(READERS + WRITERS)]
    deadline: list[float] = []

    def reading(n: int) -> None:
        barrier.wait()
        _read(readers[n], lessons[n], deadline[0], outs[n])

    def writing(n: int) -> None:
        barrier.wait()
        _write(writers[n], papers[n], lessons[0], deadline[0], outs[READERS + n])

    threads = [threading.Thread(target=reading, args=(n,)) for n in range(READERS)]
    threads += [threading.Thread(target=writing, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline.append(started + DURATION)
    barrier.wait()
    for thread in threads:
        thread.join(timeout=DURATION + 120)
    # The last requests end a little after the deadline: count the real span.
    seconds = time.perf_counter() - started
    return [o for out in outs for o in out], seconds


def one_run(workdir: Path, label: str, database_url: str | None) -> list[Figure]:
    with running_server(workdir / f"mixed-timed-{label}", database_url) as server:
        lms(server.env, "content", "sync", str(ROOT))
        users = signed_in_learners(server.env, READERS + WRITERS)
        outcomes, seconds = load(server.base_url, users)
    table = per_kind(outcomes, seconds)
    errors = [e for _k, e in outcomes if e]
    empty = {"requests": 0, "errors": 0, "per_second": 0.0}
    reads = table.get("lesson view", empty)
    saves = table.get("autosave", empty)
    completes = table.get("complete", empty)
    details: dict[str, float | int | str] = {
        "readers": READERS,
        "writers": WRITERS,
        "seconds": round(seconds, 1),
        "autosaves_per_s": saves["per_second"],
        "completes_per_s": completes["per_second"],
        "first_errors": "; ".join(sorted(set(errors))[:3]),
    }
    return [
        Figure(
            scenario="mixed_timed",
            name=f"{label}: readers (lesson views)",
            unit="requests/s",
            value=reads["per_second"],
            details={
                "requests": int(reads["requests"]),
                "errors": int(reads["errors"]),
            },
        ),
        Figure(
            scenario="mixed_timed",
            name=f"{label}: writers (saves, completes)",
            unit="requests/s",
            value=round(saves["per_second"] + completes["per_second"], 1),
            details={
                "requests": int(saves["requests"] + completes["requests"]),
                "errors": int(saves["errors"] + completes["errors"]),
            },
        ),
        Figure(
            scenario="mixed_timed",
            name=f"{label}: errors",
            unit="count",
            value=len(errors),
            target="0",
            met=not errors,
            details=details,
        ),
    ]


def run(workdir: Path) -> list[Figure]:
    figures = one_run(workdir, "SQLite", None)
    with postgres_database() as url:
        figures += one_run(workdir, "PostgreSQL", url)
    return figures
