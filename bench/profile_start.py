"""Profile the exam start in-process: `python -m bench.profile_start [N]`.

Seeds the exam scenario's data into a database of its own on PostgreSQL
(LMS_BENCH_DATABASE_URL, as `bench --scenario exam`), logs N learners in through
the Flask test client and starts the final exam for each of them one after the
other, the first half under cProfile, the second without it (wall and CPU
milliseconds of this process per start). Prints the milliseconds per start, the statements one
start runs and the time spent in each part of the request. No timing is
asserted anywhere: this is a tool for reading where the time goes.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event

from bench.scenarios.exam import (
    CSRF,
    EXAM,
    PASSWORD,
    SERVER,
    own_database,
    postgres_reachable,
    seed,
)
from lms import create_app
from lms.db import get_database

# The parts of one start, each a function whose cumulative time is reported.
PARTS = {
    "login session (user loader)": ("lms/auth/login.py", "load_person"),
    "exam gate (views._gated)": ("lms/quiz/views.py", "_gated"),
    "  find_quiz": ("lms/quiz/quizzes.py", "find_quiz"),
    "  exam_gate": ("lms/catalog/completion.py", "exam_gate"),
    "start_attempt": ("lms/quiz/attempts.py", "start_attempt"),
    "begin_attempt": ("lms/quiz/attempts.py", "begin_attempt"),
    "  shown_questions": ("lms/quiz/settle.py", "shown_questions"),
    "  draw_questions": ("lms/quiz/engine/draw.py", "draw_questions"),
    "attempt_ended (certificate rule)": ("lms/quiz/views.py", "_attempt_ended"),
    "commit": ("sqlalchemy/orm/session.py", "commit"),
    "redirect (url_for)": ("flask/helpers.py", "url_for"),
    "CSRF check": ("flask_wtf/csrf.py", "protect"),
}


def logged_in(client: FlaskClient, n: int) -> str:
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    assert token is not None
    reply = client.post(
        "/login",
        data={
            "csrf_token": token.group(1),
            "email": f"learner{n:03d}@example.com",
            "password": PASSWORD,
        },
    )
    assert reply.status_code == 302, reply.status_code
    page = client.get(EXAM).get_data(as_text=True)
    token = CSRF.search(page)
    assert token is not None, "no CSRF token on the exam page"
    return token.group(1)


def part_times(stats: pstats.Stats, starts: int) -> dict[str, float]:
    found: dict[str, float] = {}
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in raw.items():
        for label, (where, function) in PARTS.items():
            if function == name and where in filename:
                found[label] = found.get(label, 0.0) + cumulative * 1000 / starts
    return found


def main() -> None:
    learners = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    why_not = postgres_reachable(SERVER)
    if why_not:
        sys.exit(why_not)
    with tempfile.TemporaryDirectory() as folder, own_database(SERVER) as url:
        seed(url, Path(folder) / "content")
        app = create_app(
            {
                "LMS_DATABASE_URL": url,
                "SECRET_KEY": "profile",
                "INSTANCE_PATH": str(Path(folder) / "instance"),
                "LMS_RATELIMIT_STORAGE_URL": "memory://",
                "LMS_LOGIN_LIMIT": "1000000 per minute",
            }
        )
        engine = get_database(app).engine
        clients = [app.test_client() for _ in range(learners)]
        tokens = [logged_in(c, n) for n, c in enumerate(clients)]
        statements: list[str] = []
        seconds: list[float] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(" ".join(statement.split())[:150])

        event.listen(engine, "before_cursor_execute", record)
        profile = cProfile.Profile()
        profiled = learners // 2
        plain: list[tuple[float, float]] = []
        for n, (client, token) in enumerate(zip(clients, tokens, strict=True)):
            started, cpu = time.perf_counter(), time.process_time()
            if n < profiled:
                profile.enable()
            reply = client.post(EXAM + "/start", data={"csrf_token": token})
            if n < profiled:
                profile.disable()
                seconds.append(time.perf_counter() - started)
            else:
                plain.append((time.perf_counter() - started, time.process_time() - cpu))
            assert reply.status_code == 302, reply.status_code
            assert "/attempts/" in reply.headers["Location"], reply.headers
        event.remove(engine, "before_cursor_execute", record)
        get_database(app).dispose()
    seconds.sort()
    print(f"{learners} starts, one after the other; {profiled} under cProfile")
    print(
        f"ms per start under cProfile: median {seconds[len(seconds) // 2] * 1000:.1f}"
        f", mean {sum(seconds) * 1000 / len(seconds):.1f}"
    )
    walls = sorted(wall for wall, _cpu in plain)
    cpus = sorted(cpu for _wall, cpu in plain)
    print(
        f"ms per start without profiler: wall median {walls[len(walls) // 2] * 1000:.1f}"
        f", CPU of this process median {cpus[len(cpus) // 2] * 1000:.1f}"
    )
    print(f"statements per start: {len(statements) / learners:.1f}")
    for statement, count in Counter(statements).most_common():
        print(f"  {count / learners:5.1f} x {statement}")
    stats = pstats.Stats(profile)
    print("ms per start by part (cumulative, includes profiler overhead):")
    for label, ms in part_times(stats, profiled).items():
        print(f"  {ms:7.2f}  {label}")
    stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
