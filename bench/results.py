"""Benchmark figures, the printed table and bench/results.json."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "results.json"


@dataclass
class Figure:
    """One measured number; throughput figures carry their baseline and ratio."""

    scenario: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""  # what the issue asks for, e.g. "ratio >= 0.4"
    met: bool | None = None
    details: dict[str, float | int | str] = field(default_factory=dict)


def print_table(figures: list[Figure]) -> None:
    header = f"{'scenario':<10} {'figure':<34} {'value':>12} {'baseline':>12} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for figure in figures:
        baseline = f"{figure.baseline:,.1f}" if figure.baseline is not None else ""
        ratio = f"{figure.ratio:.2f}" if figure.ratio is not None else ""
        verdict = {True: " (met)", False: " (NOT met)", None: ""}[figure.met]
        print(
            f"{figure.scenario:<10} {figure.name:<34} {figure.value:>12,.1f} {baseline:>12}"
            f" {ratio:>7}  {figure.target}{verdict}  [{figure.unit}]"
        )


def write_results(figures: list[Figure], scenarios: list[str]) -> None:
    """Merge this run's scenarios into bench/results.json."""
    previous: dict[str, object] = {}
    if RESULTS_FILE.exists():
        previous = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    kept = [
        f
        for f in previous.get("figures", [])  # type: ignore[union-attr]
        if f["scenario"] not in scenarios
    ]
    document = {
        "schema": 1,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "figures": kept + [asdict(f) for f in figures],
    }
    RESULTS_FILE.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
