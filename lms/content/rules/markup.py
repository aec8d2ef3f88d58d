"""Markup an author likely mistyped: admonition types and attributes the page drops.

Python-Markdown accepts any admonition type word and any attribute in an
attribute list; the sanitizer then silently drops what it does not allow. These
checks say so, with the line, so that `!!! warnung` or `{: style="..." }` does
not pass without a word.
"""

from __future__ import annotations

import re

from lms.content.schema import N_

ADMONITION_TYPES = frozenset({
    "note", "tip", "warning", "important", "info", "example", "question",
    "danger", "caution", "success", "abstract", "quote",
})  # fmt: skip
_ALLOWED_ATTRIBUTES = frozenset({"id", "class"})
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*([^\s\"']+)")
_ATTR_LIST = re.compile(r"\{:?\s*([^{}]*?)\s*\}\s*$")
_KEY_VALUE = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*(?:"[^"]*"|'[^']*'|\S+)""")
_FENCE = re.compile(r"^\s*(```|~~~)")


def markup_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line in the file, message) for unknown admonition types and attributes."""
    found: list[tuple[int, str]] = []
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        opened = _FENCE.match(line)
        if opened:
            marker = opened.group(1)
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            kind = admonition.group(1)
            if kind.lower() not in ADMONITION_TYPES:
                known = ", ".join(sorted(ADMONITION_TYPES))
                found.append(
                    (
                        number,
                        N_(
                            "unknown admonition type '%(kind)s': use one of "
                            "%(known)s (for example '!!! warning \"Title\"')",
                            kind=kind,
                            known=known,
                        ),
                    )
                )
        attributes = _ATTR_LIST.search(line)
        if attributes:
            for match in _KEY_VALUE.finditer(attributes.group(1)):
                key = match.group(1)
                if key.lower() not in _ALLOWED_ATTRIBUTES:
                    found.append(
                        (
                            number,
                            N_(
                                "attribute '%(key)s' is removed from the page: "
                                "attribute lists may only set a class (.name) or "
                                "an id (#name)",
                                key=key,
                            ),
                        )
                    )
    return found
