"""Scenario 6: syncing a course of 200 lessons, next to checking it, in one run."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.results import Figure
from bench.server import lms, running_server

LESSONS = 200
MODULES = 10
TARGET_SECONDS = 5.0

LESSON_BODY = """## What to do

A customer calls about an order that has not arrived. Listen first, write down
the order number and summarise what you heard before you suggest anything.

| Step | What you say |
|---|---|
| Greet | "Good morning, this is Sam, how can I help?" |
| Listen | "I see. Let me make sure I have this right ..." |

!!! tip "Use the name"
    Say the customer's name once or twice, not in every sentence.

- Be prompt
- Be polite
- Take responsibility

See [the next lesson]({next}) for more.
"""


def write_course(root: Path) -> None:
    course = root / "courses" / "bench"
    course.mkdir(parents=True)
    (root / "quizzes" / "bench").mkdir(parents=True)
    (course / "course.md").write_text(
        "---\ntitle: Bench course\nsummary: Many lessons.\nlanguage: en\n"
        "published: true\n---\nIntro.\n",
        encoding="utf-8",
    )
    per_module = LESSONS // MODULES
    for m in range(1, MODULES + 1):
        folder = course / f"{m:02d}-module-{m}"
        folder.mkdir()
        (folder / "module.md").write_text(
            f"---\ntitle: Module {m}\n---\n", encoding="utf-8"
        )
        for n in range(1, per_module + 1):
            following = (
                f"{n + 1:02d}-lesson-{n + 1}.md" if n < per_module else "module.md"
            )
            (folder / f"{n:02d}-lesson-{n}.md").write_text(
                f"---\ntitle: Lesson {m}.{n}\nestimated_minutes: 5\n---\n"
                + LESSON_BODY.format(next=following),
                encoding="utf-8",
            )


def timed(action: list[str], env: dict[str, str], root: Path) -> float:
    started = time.perf_counter()
    lms(env, *action, str(root))
    return time.perf_counter() - started


def run(workdir: Path) -> list[Figure]:
    content = workdir / "sync-content"
    write_course(content)
    with running_server(workdir / "sync") as server:
        checks = [timed(["content", "check"], server.env, content) for _ in range(3)]
        first = timed(["content", "sync"], server.env, content)
        again = [timed(["content", "sync"], server.env, content) for _ in range(3)]
    check = statistics.median(checks)
    return [
        Figure(
            scenario="sync",
            name=f"first sync of {LESSONS} lessons",
            value=first,
            unit="s",
            baseline=check,
            ratio=first / check,
            target=f"< {TARGET_SECONDS:.0f} s",
            met=first < TARGET_SECONDS,
            details={"baseline": "lms content check of the same files (median of 3)"},
        ),
        Figure(
            scenario="sync",
            name=f"re-sync of {LESSONS} unchanged lessons",
            value=statistics.median(again),
            unit="s",
            baseline=check,
            ratio=statistics.median(again) / check,
            target=f"< {TARGET_SECONDS:.0f} s",
            met=statistics.median(again) < TARGET_SECONDS,
        ),
    ]
