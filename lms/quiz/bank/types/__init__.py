"""The question types: one module each, and the registry that finds them.

Every module in this folder (except ``base`` and names starting with ``_``)
defines ``HANDLER``, an instance of a `TypeHandler` subclass, and is found
here on import. `HANDLERS` maps each type's name to its handler; the parser,
the engine (draw, paper, grading, review), the attempt page and the HR
export ask it instead of branching on type names.

To add a question type, say ``rating``:

1. Write ``lms/quiz/bank/types/rating.py`` with ``class RatingHandler(TypeHandler)``:
   ``name = "rating"`` (authors write ``{.rating}`` in the heading), ``kind``
   (the answer lines it reuses: ``"task"`` ``- [x]``, ``"eq"`` ``= ...``,
   ``"ordered"`` ``1.`` or ``"match"`` ``a -> b``), then ``build`` (fill the
   `Question`'s answer fields, report problems to ``ctx``), ``grade``,
   ``key_response`` and ``read_fields``; override ``field_names``,
   ``from_json``, ``answer_html``, ``right_html`` and ``response_text`` where
   the defaults (one form field, one value) do not fit. A type whose
   responses name options (choices, items, pairs) must override ``translate``,
   which maps a response between the bank's option ids and the attempt page's
   opaque ids; without it every answer is refused with 400. End the module
   with ``HANDLER = RatingHandler()``.
2. Write ``lms/templates/quiz/types/rating.html``: the answer part of the
   question on the attempt page; it gets ``q`` (a `QuestionView`) and
   ``value`` (the saved response). Translate its words in
   ``lms/translations/de/LC_MESSAGES/messages.po``.
3. Run ``pytest tests/quiz``: the registry tests check that every handler is
   complete and that its template exists.

Nothing else changes. A new type is chosen only by its class; only one
handler per kind infers the type of a heading that names none.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import KeysView, Mapping
from types import MappingProxyType

from lms.quiz.bank.answers import Entry, Kind
from lms.quiz.bank.entries import Context
from lms.quiz.bank.types.base import TypeHandler

__all__ = [
    "HANDLERS",
    "QUESTION_TYPES",
    "TypeHandler",
    "handler_for",
    "infer_type",
    "register",
    "unregister",
]

# The order the parser has always listed the built-in types in; types added
# later follow by name.
_BUILT_IN = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numeric",
    "ordering",
    "matching",
)
_handlers: dict[str, TypeHandler] = {}
HANDLERS: Mapping[str, TypeHandler] = MappingProxyType(_handlers)
# A live view: it lists types registered later too.
QUESTION_TYPES: KeysView[str] = HANDLERS.keys()


def register(handler: TypeHandler) -> TypeHandler:
    """Add a handler under its name (for modules here, plugins and tests)."""
    name = getattr(handler, "name", "")
    if not isinstance(handler, TypeHandler) or not name:
        raise TypeError(f"not a complete TypeHandler: {handler!r}")
    if name in _handlers:
        raise ValueError(f"question type {name!r} is registered already")
    _handlers[name] = handler
    return handler


def unregister(name: str) -> None:
    """Remove a type again (tests that register one of their own)."""
    del _handlers[name]


def handler_for(question_type: str) -> TypeHandler:
    """The handler of a registered type; KeyError for any other name."""
    return _handlers[question_type]


def infer_type(kind: Kind, entries: list[Entry], ctx: Context) -> str | None:
    """The type of a heading without a type class, from its answer lines."""
    for handler in _handlers.values():
        if handler.kind == kind and (found := handler.infer(entries, ctx)):
            return found
    return None


def _discover() -> None:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(module.HANDLER)
    position = {name: index for index, name in enumerate(_BUILT_IN)}
    for handler in sorted(
        found, key=lambda h: (position.get(h.name, len(position)), h.name)
    ):
        register(handler)


_discover()
