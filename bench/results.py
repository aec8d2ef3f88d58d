"""Benchmark figures, the printed table and bench/results.json."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    previous: dict[str, Any] = {}
    if RESULTS_FILE.exists():
        previous = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    kept = [f for f in previous.get("figures", []) if f["scenario"] not in scenarios]
    document = {
        "schema": 1,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "figures": kept + [asdict(f) for f in figures],
    }
    RESULTS_FILE.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"


def markdown_table(document: dict[str, Any]) -> str:
    """bench/results.json as the README's table: every figure beside its
    reference (the baseline measured in the same run) and its target."""
    lines = [
        "| scenario | figure | value | reference in the same run | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for figure in document.get("figures", []):
        unit = figure["unit"]
        reference = ""
        if figure.get("baseline") is not None:
            reference = f"{_number(figure['baseline'])} {unit}"
            described = figure.get("details", {}).get("baseline")
            if described:
                reference += f" ({described})"
        ratio = "" if figure.get("ratio") is None else f"{figure['ratio']:.2f}"
        verdict = {True: ": met", False: ": **not met**", None: ""}[figure.get("met")]
        target = f"{figure['target']}{verdict}" if figure.get("target") else "–"
        errors = figure.get("details", {}).get("errors")
        value = f"{_number(figure['value'])} {unit}"
        if errors is not None:
            value += f", {errors} errors"
        lines.append(
            f"| {figure['scenario']} | {figure['name']} | {value} | {reference or '–'} "
            f"| {ratio or '–'} | {target} |"
        )
    return "\n".join(lines)
