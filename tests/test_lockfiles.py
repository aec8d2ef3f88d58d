"""The hashed lock files match setup.cfg and each other.

`make run` installs requirements/runtime.txt and `make test` requirements/test.txt,
both with --require-hashes; `make lock` writes them. A dependency added to setup.cfg
without re-locking, or two lock files that pin different versions, fail here.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
TEST_LOCK = ROOT / "requirements" / "test.txt"

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def read_lock(path: Path) -> dict[str, str]:
    """name -> version of every pin that applies to this interpreter, hashes checked."""
    pins: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = _PIN.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        following = lines[number + 1] if number + 1 < len(lines) else ""
        assert following.strip().startswith("--hash=sha256:"), (
            f"{path.name}:{number + 1}: {name} has no hash"
        )
        if marker and not Requirement(f"x; {marker}").marker.evaluate():  # type: ignore[union-attr]
            continue
        pins[canonicalize_name(name)] = version
    return pins


def declared(section: str, key: str) -> list[Requirement]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    text = parser.get(section, key)
    return [Requirement(line) for line in text.splitlines() if line.strip()]


def _unsatisfied(requirements: list[Requirement], pins: dict[str, str]) -> list[str]:
    missing = []
    for requirement in requirements:
        if requirement.marker and not requirement.marker.evaluate():
            continue
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version):
            missing.append(f"{requirement} (locked: {version})")
    return missing


def test_runtime_lock_satisfies_install_requires() -> None:
    pins = read_lock(RUNTIME_LOCK)
    assert _unsatisfied(declared("options", "install_requires"), pins) == []


def test_test_lock_satisfies_the_test_extra_too() -> None:
    pins = read_lock(TEST_LOCK)
    wanted = declared("options", "install_requires") + declared(
        "options.extras_require", "test"
    )
    assert _unsatisfied(wanted, pins) == []


def test_both_locks_pin_the_same_runtime_versions() -> None:
    runtime = read_lock(RUNTIME_LOCK)
    test = read_lock(TEST_LOCK)
    differing = {
        name: (version, test.get(name))
        for name, version in runtime.items()
        if test.get(name) != version
    }
    assert differing == {}


@pytest.mark.parametrize("target", ["$(RUNTIME_LOCK)", "$(TEST_LOCK)"])
def test_make_installs_from_the_locks_with_hashes(target: str) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "PIP_INSTALL := $(BIN)/pip install -qq " in makefile
    assert f"$(PIP_INSTALL) --require-hashes -r {target}" in makefile
