"""`python -m bench [--scenario NAME]`: run benchmark scenarios and report ratios."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.results import Figure, print_table, write_results
from bench.scenarios import SCENARIOS


def main() -> None:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args()
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
