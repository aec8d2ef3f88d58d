"""Scenario 2: a lesson page of a logged-in learner against the bare route."""

from __future__ import annotations

from pathlib import Path

from bench.load import compare_with_baseline
from bench.results import Figure
from bench.server import ROOT, learner_cookie, lms, running_server, status_of

LESSON = "/courses/customer-service-essentials/telephone-etiquette/basic-phone-skills"
MARKER = "Five basic skills for the phone"  # the lesson's title: the real page
TARGET_RATIO = 0.5  # issue #18


def run(workdir: Path) -> list[Figure]:
    with running_server(workdir / "lesson") as server:
        lms(server.env, "content", "sync", str(ROOT))
        cookie = learner_cookie(server)
        if status_of(server, LESSON, cookie) != 200:
            raise RuntimeError(f"{LESSON} does not answer 200")
        result = compare_with_baseline(server, LESSON, cookie, MARKER)
    return [result.figure("lesson", "lesson page throughput", TARGET_RATIO)]
