"""Driving load with wrk (a separate process) and reading its figures."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.results import Figure
from bench.server import Server

THREADS = 2
CONNECTIONS = 16
SECONDS = 5
ROUNDS = 3
CHECK_SCRIPT = Path(__file__).resolve().parent / "check.lua"
BARE_MARKER = "ok"
# wrk's "Latency Distribution" lines, e.g. "     99%   12.34ms". Anchored: the
# stdev column of the "Latency" line ("62.50%") must never match.
_PERCENTILE = r"^\s*{}%\s+(\d+(?:\.\d+)?(?:us|ms|s|m))\s*$"


@dataclass(frozen=True)
class Throughput:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is missing: make bench installs it (apt-get install wrk)")
    return path


def _to_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"unexpected wrk latency {value!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> Throughput:
    """wrk's figures; every response that was not the real page is an error."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)\s*$", output, re.MULTILINE)
    p50 = re.search(_PERCENTILE.format(50), output, re.MULTILINE)
    p99 = re.search(_PERCENTILE.format(99), output, re.MULTILINE)
    not_page = re.search(r"^Not the page: (\d+)$", output, re.MULTILINE)
    if rate is None or p50 is None or p99 is None or not_page is None:
        raise RuntimeError(f"wrk's output is not as expected:\n{output}")
    errors = int(not_page.group(1))
    socket_errors = re.search(
        r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
        output,
        re.MULTILINE,
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Throughput(
        float(rate.group(1)), _to_ms(p50.group(1)), _to_ms(p99.group(1)), errors
    )


def run_wrk(
    server: Server,
    path: str,
    cookie: str = "",
    seconds: int = SECONDS,
    marker: str = BARE_MARKER,
) -> Throughput:
    """Load one path; `marker` is text only the real page contains."""
    args = [
        wrk_path(),
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "--script",
        str(CHECK_SCRIPT),
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*args, server.url(path), "--", marker],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    return parse_wrk(output)


@dataclass(frozen=True)
class Comparison:
    target: Throughput
    baseline: Throughput

    @property
    def ratio(self) -> float:
        return self.target.requests_per_second / self.baseline.requests_per_second

    def figure(
        self, scenario: str, name: str, target_ratio: float | None = None
    ) -> Figure:
        """The throughput figure of a scenario, with its target if the issue sets one."""
        return Figure(
            scenario=scenario,
            name=name,
            value=self.target.requests_per_second,
            unit="requests/s",
            baseline=self.baseline.requests_per_second,
            ratio=self.ratio,
            target="" if target_ratio is None else f"ratio >= {target_ratio}",
            met=None if target_ratio is None else self.ratio >= target_ratio,
            details={
                "p50_ms": self.target.p50_ms,
                "p99_ms": self.target.p99_ms,
                "errors": self.target.errors,
                "baseline_p50_ms": self.baseline.p50_ms,
                "connections": CONNECTIONS,
            },
        )


def compare_with_baseline(
    server: Server, path: str, cookie: str, marker: str
) -> Comparison:
    """Alternate baseline and target runs and keep the median of each.

    Interleaving spreads any slow phase of a shared machine over both sides.
    """
    run_wrk(server, "/bench/bare", seconds=1)  # warm up workers and caches
    run_wrk(server, path, cookie, seconds=1, marker=marker)
    baselines, targets = [], []
    for _round in range(ROUNDS):
        baselines.append(run_wrk(server, "/bench/bare"))
        targets.append(run_wrk(server, path, cookie, marker=marker))

    def median(runs: list[Throughput]) -> Throughput:
        ordered = sorted(runs, key=lambda run: run.requests_per_second)
        middle = ordered[len(ordered) // 2]
        return Throughput(
            statistics.median(run.requests_per_second for run in runs),
            middle.p50_ms,
            middle.p99_ms,
            sum(run.errors for run in runs),
        )

    return Comparison(target=median(targets), baseline=median(baselines))
