"""Scenario 1: the home page of a logged-in learner against the bare route."""

from __future__ import annotations

from pathlib import Path

from bench.load import compare_with_baseline
from bench.results import Figure
from bench.server import learner_cookie, running_server, status_of

MARKER = "Bench Learner"  # the learner's name in the header: not the login page


def run(workdir: Path) -> list[Figure]:
    with running_server(workdir / "home") as server:
        cookie = learner_cookie(server)
        if status_of(server, "/", cookie) != 200:
            raise RuntimeError("the learner's home page does not answer 200")
        result = compare_with_baseline(server, "/", cookie, MARKER)
    return [result.figure("home", "learner home page throughput")]
