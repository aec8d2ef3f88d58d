"""Split a bank body into heading blocks and read `{#id .class key=value}`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Line = tuple[int, str]  # (1-based line number, text without newline)

# Python-Markdown also takes "##Stem" (no space) as a heading, so do we.
_HEADING = re.compile(r"^(#{1,6})(?!#)[ \t]*(.*?)[ \t]*$")
# Optional closing hashes, as Markdown allows: "## Stem ##".
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_TOKEN = re.compile(r"\s*(\S+)")
_ATTRS_START = re.compile(r"\s*(?:[.#][^\s.#}]|[A-Za-z_][\w-]*=)")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_ATTR_BLOCK = re.compile(r"^(.*?)[ \t]*\{([^{}]*)\}[ \t]*$")
_ATTR_TOKEN = re.compile(
    r"""\s*(?:
        \#(?P<id>[^\s}]+)
      | \.(?P<cls>[^\s}]+)
      | (?P<key>[A-Za-z_][\w-]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+))
    )""",
    re.VERBOSE,
)


@dataclass
class Attrs:
    """Attributes from a trailing `{...}`; ``bad`` holds tokens not understood."""

    id: str | None = None
    classes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    bad: list[str] = field(default_factory=list)


@dataclass
class Block:
    """A heading and the lines under it up to the next heading of level 1-3."""

    level: int
    text: str
    attrs: Attrs
    line: int
    body: list[Line] = field(default_factory=list)


def parse_attrs(inner: str) -> Attrs:
    """Read the inside of `{...}`; anything unreadable ends up in ``bad``."""
    attrs = Attrs()
    pos = 0
    while pos < len(inner):
        if not inner[pos:].strip():
            break
        match = _ATTR_TOKEN.match(inner, pos)
        if match is None:
            token = _TOKEN.match(inner, pos)
            if token is None:  # pragma: no cover - the strip() above excludes it
                break
            attrs.bad.append(token.group(1))
            pos = token.end()
            continue
        pos = match.end()
        if match.group("id") is not None:
            if attrs.id is not None:
                attrs.bad.append("#" + match.group("id"))
            else:
                attrs.id = match.group("id")
        elif match.group("cls") is not None:
            attrs.classes.append(match.group("cls"))
        else:
            value = match.group("dq")
            if value is None:
                value = match.group("sq")
            if value is None:
                value = match.group("bare")
            key = match.group("key")
            if key in attrs.values:
                attrs.bad.append(f"{key}= (given twice)")
            attrs.values[key] = value
    return attrs


def looks_like_attrs(inner: str) -> bool:
    """Whether `{inner}` is meant as attributes rather than literal text."""
    return bool(_ATTRS_START.match(inner))


def split_trailing_attrs(text: str) -> tuple[str, Attrs | None]:
    """Split `text {...}` into text and attributes, if it ends in attributes."""
    match = _ATTR_BLOCK.match(text)
    if match is None or not looks_like_attrs(match.group(2)):
        return text, None
    return match.group(1), parse_attrs(match.group(2))


def _heading(text: str) -> tuple[int, str] | None:
    match = _HEADING.match(text)
    if match is None:
        return None
    return len(match.group(1)), match.group(2)


def track_fence(fence: str | None, text: str) -> tuple[str | None, bool]:
    """The open code fence after ``text`` and whether ``text`` is code."""
    match = _FENCE.match(text)
    if fence is None:
        return (match.group(1), True) if match else (None, False)
    closes = (
        match is not None
        and match.group(1)[0] == fence[0]
        and len(match.group(1)) >= len(fence)
        and not text[match.end() :].strip()
    )
    return (None if closes else fence), True


def split_blocks(lines: list[Line]) -> tuple[list[Line], list[Block]]:
    """Lines before the first heading, then one block per level 1-3 heading.

    Headings inside fenced code blocks are text; level 4-6 headings stay in
    the body of the block they appear in.
    """
    preamble: list[Line] = []
    blocks: list[Block] = []
    fence: str | None = None
    for number, text in lines:
        fence, in_code = track_fence(fence, text)
        if not in_code:
            heading = _heading(text)
            if heading is not None and heading[0] <= 3:
                level, content = heading
                stem, attrs = split_trailing_attrs(_CLOSING.sub("", content))
                stem = _CLOSING.sub("", stem)
                blocks.append(Block(level, stem.strip(), attrs or Attrs(), number))
                continue
        (blocks[-1].body if blocks else preamble).append((number, text))
    return preamble, blocks
