"""`python -m bench [--scenario NAME] [--markdown]`: run benchmark scenarios and
report ratios; --markdown prints the last results as the README's table."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.results import (
    RESULTS_FILE,
    Figure,
    markdown_table,
    print_table,
    write_results,
)
from bench.scenarios import SCENARIOS


def main() -> None:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append")
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print bench/results.json as the README's table and run nothing",
    )
    args = parser.parse_args()
    if args.markdown:
        print(markdown_table(json.loads(RESULTS_FILE.read_text(encoding="utf-8"))))
        return
    names = args.scenario or list(SCENARIOS)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as workdir:
        for name in names:
            print(f"== {name}", flush=True)
            figures.extend(SCENARIOS[name](Path(workdir)))
    print()
    print_table(figures)
    write_results(figures, names)


if __name__ == "__main__":
    main()
