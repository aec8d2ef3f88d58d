"""The structural limits of the code tree (docs/ARCHITECTURE.md), checked by machine.

The import rules themselves are import-linter contracts in setup.cfg (`make imports`);
this file adds what they do not cover: sizes, the mirrored tests folder and cycles
between single modules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
LMS = ROOT / "lms"
TESTS = ROOT / "tests"

MAX_MODULES_PER_PACKAGE = 15
MAX_MODULE_LINES = 400

# Modules allowed over the line limit for now, each with the work that ends it. An
# entry that is no longer needed fails the test, so the list only ever shrinks.
OVER_LINE_LIMIT: Mapping[str, str] = {}

# Test folders that do not mirror a package or module of lms, and why.
NOT_MIRRORED: Mapping[str, str] = {
    "fixtures": "pytest fixtures shared by every test, loaded through pytest_plugins",
    "e2e": "browser journeys across every feature (make e2e)",
    "course": "the shipped course content (courses/, quizzes/), not code",
    "security": "the authorization matrix: every route of every feature, one table",
    "bench": "the benchmark harness (bench/, make bench), not the application",
    "deploy": "two app servers and a worker in real processes (README Deployment)",
}


def _packages() -> Iterator[Path]:
    for init in sorted(LMS.rglob("__init__.py")):
        yield init.parent


def test_no_package_holds_more_than_15_modules() -> None:
    crowded = {
        str(package.relative_to(ROOT)): count
        for package in _packages()
        if (count := len(list(package.glob("*.py")))) > MAX_MODULES_PER_PACKAGE
    }
    assert crowded == {}, "split these packages by job"


def test_no_module_passes_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(LMS.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines()))
        > MAX_MODULE_LINES
    }
    unexpected = {path: n for path, n in long.items() if path not in OVER_LINE_LIMIT}
    assert unexpected == {}, "split these modules before they pass 400 lines"
    stale = sorted(set(OVER_LINE_LIMIT) - set(long))
    assert stale == [], "these are within the limit now: remove their allowance"


def _test_folders() -> list[Path]:
    return sorted(
        {
            path.parent
            for path in TESTS.rglob("test_*.py")
            if "node_modules" not in path.parts
        }
    )


@pytest.mark.parametrize(
    "folder", _test_folders(), ids=lambda p: str(p.relative_to(ROOT))
)
def test_tests_folder_mirrors_lms(folder: Path) -> None:
    relative = folder.relative_to(TESTS)
    if relative.parts and relative.parts[0] in NOT_MIRRORED:
        return
    target = LMS.joinpath(*relative.parts)
    assert (target / "__init__.py").is_file() or target.with_suffix(".py").is_file(), (
        f"tests/{relative} has no lms/{relative} package or module to mirror: "
        "move the tests, or list the folder in NOT_MIRRORED with the reason"
    )


def test_not_mirrored_folders_exist() -> None:
    missing = [name for name in NOT_MIRRORED if not (TESTS / name).is_dir()]
    assert missing == [], "remove these from NOT_MIRRORED"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    imports = {
        m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(imports):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            module, position = work.pop()
            if position == 0:
                index[module] = low[module] = len(index)
                stack.append(module)
                on_stack.add(module)
            targets = imports.get(module, [])
            if position < len(targets):
                work.append((module, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
    return found


def test_no_import_cycle_between_modules() -> None:
    # import-linter's acyclic_siblings contract covers packages; this covers single
    # modules too, including the root package and its children.
    graph = grimp.build_graph("lms", cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(module)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    graph.add_import(importer="a.c", imported="a.d")
    assert _cycles(graph) == [["a.b", "a.c"]]
