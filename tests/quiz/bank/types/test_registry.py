"""The question-type registry: complete handlers, one per type, pure modules."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import get_args

import pytest

from lms.quiz.bank.answers import Kind
from lms.quiz.bank.entries import Context
from lms.quiz.bank.types import (
    HANDLERS,
    QUESTION_TYPES,
    TypeHandler,
    handler_for,
    register,
)
from lms.quiz.engine.grading import GRADERS

BUILT_IN = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numeric",
    "ordering",
    "matching",
)
LMS = Path(__file__).resolve().parents[4] / "lms"


def test_every_built_in_type_has_a_handler_in_the_historic_order() -> None:
    assert tuple(QUESTION_TYPES)[: len(BUILT_IN)] == BUILT_IN
    assert set(GRADERS) == set(HANDLERS)


@pytest.mark.parametrize("name", BUILT_IN)
def test_handler_is_complete(name: str) -> None:
    handler = handler_for(name)
    assert isinstance(handler, TypeHandler)
    assert handler.name == name
    assert handler.kind in get_args(Kind)
    assert not inspect.isabstract(type(handler))
    assert (LMS / "templates" / handler.template).is_file()


@pytest.mark.parametrize("kind", get_args(Kind))
def test_exactly_one_handler_infers_each_kind(kind: Kind) -> None:
    inferring = [
        h.name
        for h in HANDLERS.values()
        if h.kind == kind and h.infer([], Context("t.md", "t")) is not None
    ]
    assert len(inferring) == 1, inferring


def test_a_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered already"):
        register(handler_for("single"))


def _lms_imports(path: Path) -> set[str]:
    """What the module imports when it loads (not under TYPE_CHECKING or in defs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _module_file(name: str) -> Path | None:
    base = LMS.parent / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@pytest.mark.parametrize("package", ["bank", "engine"])
def test_pure_packages_import_neither_flask_nor_models(package: str) -> None:
    """Followed through every lms module they import, directly or not."""
    todo = [
        ".".join(p.relative_to(LMS.parent).with_suffix("").parts)
        for p in (LMS / "quiz" / package).rglob("*.py")
    ]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_file(name)
        if path is None:
            continue
        for imported in _lms_imports(path):
            top = imported.split(".")[0]
            assert not top.startswith(("flask", "werkzeug")), (name, imported)
            assert not imported.startswith("lms.models"), (name, imported)
            if top == "lms":
                todo.append(imported)
