"""Split a question body into stem, answer entries and general feedback."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lms.quiz.bank.blocks import Line, track_fence

Kind = Literal["task", "eq", "match", "ordered"]
KIND_NAMES: dict[Kind, str] = {
    "task": "task-list choices ('- [x]')",
    "eq": "'= answer' lines",
    "match": "matching lines ('- left -> right')",
    "ordered": "a numbered list",
}

_TASK = re.compile(r"^[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*?))?[ \t]*$")
_EQ = re.compile(r"^=(?:[ \t]+(.*?))?[ \t]*$")
_MATCH = re.compile(r"^[-*+][ \t]+(.*?)->(.*)$")
_ORDERED = re.compile(r"^\d{1,9}[.)](?:[ \t]+(.*?))?[ \t]*$")
# Priority when a body has several: the first kind present decides.
_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("task", _TASK),
    ("eq", _EQ),
    ("match", _MATCH),
    ("ordered", _ORDERED),
)


@dataclass
class Entry:
    """One answer line with its continuation and indented `>` feedback."""

    kind: Kind
    line: int
    text: list[str]
    checked: bool = False
    left: str | None = None
    feedback: list[str] = field(default_factory=list)


@dataclass
class Body:
    """A question body taken apart; ``stray`` lists lines that fit nowhere."""

    stem: list[str] = field(default_factory=list)
    kind: Kind | None = None
    entries: list[Entry] = field(default_factory=list)
    general_feedback: list[str] = field(default_factory=list)
    stray: list[tuple[int, str]] = field(default_factory=list)


def line_kind(text: str) -> tuple[Kind, re.Match[str]] | None:
    """Which answer line ``text`` is, if any (task beats matching)."""
    for kind, pattern in _KINDS:
        match = pattern.match(text)
        if match:
            return kind, match
    return None


def _entry(kind: Kind, match: re.Match[str], number: int) -> Entry:
    if kind == "task":
        return Entry(
            kind, number, [match.group(2) or ""], checked=match.group(1) != " "
        )
    if kind == "match":
        return Entry(
            kind, number, [match.group(2).strip()], left=match.group(1).strip()
        )
    return Entry(kind, number, [match.group(1) or ""])


def _first_answer(lines: list[Line]) -> int | None:
    """Index where the answers start: the first line of the strongest kind."""
    first: dict[Kind, int] = {}
    fence: str | None = None
    for index, (_, text) in enumerate(lines):
        fence, in_code = track_fence(fence, text)
        if in_code:
            continue
        found = line_kind(text)
        if found is not None:
            first.setdefault(found[0], index)
    for kind, _ in _KINDS:
        if kind in first:
            return first[kind]
    return None


def _unquote(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("> "):
        return stripped[2:]
    return stripped[1:] if stripped.startswith(">") else stripped


def split_body(lines: list[Line]) -> Body:
    """Stem lines up to the first answer; then answers; then general feedback."""
    body = Body()
    start = _first_answer(lines)
    if start is None:
        body.stem = [text for _, text in lines]
        return body
    body.stem = [text for _, text in lines[:start]]
    body.kind = line_kind(lines[start][1])[0]  # type: ignore[index]
    current: Entry | None = None
    blank = False
    for number, text in lines[start:]:
        if not text.strip():
            blank = True
            continue
        indented = text[:1] in (" ", "\t")
        found = None if indented else line_kind(text)
        if body.general_feedback:
            if not indented and text.startswith(">"):
                if blank:
                    body.general_feedback.append("")
                body.general_feedback.append(_unquote(text))
            else:
                body.stray.append((number, text))
        elif found is not None:
            kind, match = found
            if kind != body.kind:
                body.stray.append((number, text))
                current = None
            else:
                current = _entry(kind, match, number)
                body.entries.append(current)
        elif indented and current is not None:
            if text.strip().startswith(">"):
                if blank and current.feedback:
                    current.feedback.append("")
                current.feedback.append(_unquote(text))
            elif current.feedback:
                current.feedback.append(text.strip())
            else:
                current.text.append(text.strip())
        elif text.startswith(">"):
            body.general_feedback.append(_unquote(text))
        else:
            body.stray.append((number, text))
        blank = False
    return body
