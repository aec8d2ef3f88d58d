"""Every checker message marked with N_() has a German translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "lms/translations/de/LC_MESSAGES/messages.po"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def marked_templates() -> dict[str, str]:
    """Each N_("...") template in lms/, with where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "lms").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "N_"
                and node.args
            ):
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{path}:{node.lineno}"
                found[str(first.value)] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_checker_message_has_a_german_translation() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    templates = marked_templates()
    assert len(templates) > 40
    missing = []
    for template, where in templates.items():
        entry = catalog.get(template)
        if entry is None or not entry.string:
            missing.append(f"{where}: {template}")
            continue
        german = entry.string
        assert isinstance(german, str)
        assert set(_PLACEHOLDER.findall(german)) == set(
            _PLACEHOLDER.findall(template)
        ), where
    assert not missing, "\n".join(missing)


def test_a_message_survives_copies_and_pickles() -> None:
    import copy
    import pickle

    from lms.content.schema import N_, Message, Problem

    problem = Problem(
        "f.md",
        3,
        N_("objective %(number)s %(problem)s", number=1, problem=N_("is empty")),
    )
    pickled = pickle.loads(pickle.dumps(problem))  # noqa: S301 - our own bytes
    for copied in (pickled, copy.deepcopy(problem)):
        assert copied == problem
        assert isinstance(copied.message, Message)
        assert copied.message.template == "objective %(number)s %(problem)s"
        inner = copied.message.params["problem"]
        assert isinstance(inner, Message)
        assert inner.template == "is empty"
