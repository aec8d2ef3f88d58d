"""Driving load with wrk (a separate process) and reading its figures."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass

from bench.server import Server

THREADS = 2
CONNECTIONS = 16
SECONDS = 5
ROUNDS = 3


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


def run_wrk(
    server: Server, path: str, cookie: str = "", seconds: int = SECONDS
) -> Throughput:
    args = [
        wrk_path(),
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*args, server.url(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _to_ms(re.search(r"50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _to_ms(re.search(r"99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Throughput(rate, p50, p99, errors)


@dataclass(frozen=True)
class Comparison:
    target: Throughput
    baseline: Throughput

    @property
    def ratio(self) -> float:
        return self.target.requests_per_second / self.baseline.requests_per_second


def compare_with_baseline(server: Server, path: str, cookie: str) -> Comparison:
    """Alternate baseline and target runs and keep the median of each.

    Interleaving spreads any slow phase of a shared machine over both sides.
    """
    run_wrk(server, "/bench/bare", seconds=1)  # warm up workers and caches
    run_wrk(server, path, cookie, seconds=1)
    baselines, targets = [], []
    for _round in range(ROUNDS):
        baselines.append(run_wrk(server, "/bench/bare"))
        targets.append(run_wrk(server, path, cookie))

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
