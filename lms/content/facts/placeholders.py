"""Company facts: finding `{{ name }}` placeholders in text and filling them in.

Pure functions, no files: the loaders read the values (course.md, its
translations, the instance file) and call `apply_facts` on each text before it
is rendered. Placeholders in code (fenced blocks and `inline code`) and ones
written with a backslash, `\\{{ name }}`, are left as they are.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from lms.content.schema import N_, Problem

FACT_NAME = re.compile(r"[a-z][a-z0-9_]*")
FACT_NAME_RULE = N_(
    "lowercase letters, digits and underscores, starting with a letter, "
    "like 'company_name'"
)
INSTANCE_SETTING = "LMS_COURSE_FACTS"

_PLACEHOLDER = re.compile(r"(?<!\\)\{\{([^{}\n]*)\}\}")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class FactUse:
    """One placeholder: the name written, its line (1 = first line) and span."""

    name: str
    line: int
    start: int  # offsets in the whole text
    end: int


@dataclass(frozen=True, kw_only=True)
class Facts:
    """The declared facts of a course and their effective values by language.

    `values[language][name]` is "" when a fact is declared but has no value.
    A language without its own value uses the course language's value.
    """

    language: str  # the course's original language
    declared: tuple[str, ...] = ()
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def value(self, name: str, language: str) -> str:
        own = self.values.get(language, {}).get(name)
        if own:
            return own
        return self.values.get(self.language, {}).get(name, "")

    def values_for(self, language: str) -> dict[str, str]:
        return {name: self.value(name, language) for name in self.declared}


NO_FACTS = Facts(language="en")


def _code_spans(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in _CODE_SPAN.finditer(line)]


def _lines_outside_code(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, offset, line) of each line outside fenced code blocks."""
    fence: str | None = None
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None:
            closing = match.group(1) if match else ""
            if closing[:1] == fence[0] and len(closing) >= len(fence):
                fence = None
        else:
            yield number, offset, line
        offset += len(line) + 1


def find_uses(text: str) -> list[FactUse]:
    """Every placeholder outside code, in order."""
    return list(_find_uses(text))


@lru_cache(maxsize=8_000)
def _find_uses(text: str) -> tuple[FactUse, ...]:
    """find_uses, cached by the text: a re-check scans only changed texts."""
    uses = []
    for number, offset, line in _lines_outside_code(text):
        spans = _code_spans(line)
        for match in _PLACEHOLDER.finditer(line):
            if any(start <= match.start() < end for start, end in spans):
                continue
            uses.append(
                FactUse(
                    match.group(1).strip(),
                    number,
                    offset + match.start(),
                    offset + match.end(),
                )
            )
    return tuple(uses)


def substitute(text: str, values: Mapping[str, str]) -> str:
    """`text` with each placeholder of a name in `values` replaced by its value."""
    parts = []
    position = 0
    for use in find_uses(text):
        if use.name in values:
            parts.append(text[position : use.start])
            parts.append(values[use.name])
            position = use.end
    parts.append(text[position:])
    return "".join(parts)


def _unknown_message(name: str, facts: Facts) -> str:
    if not facts.declared:
        return N_(
            "unknown fact '%(name)s'; this course declares no facts (add them "
            "under 'facts:' in course.md)",
            name=name,
        )
    guess = difflib.get_close_matches(name, facts.declared, n=1)
    declared = ", ".join(sorted(facts.declared))
    if guess:
        return N_(
            "unknown fact '%(name)s'; declared facts: %(declared)s. Did you mean "
            "'%(guess)s'?",
            name=name,
            declared=declared,
            guess=guess[0],
        )
    return N_(
        "unknown fact '%(name)s'; declared facts: %(declared)s",
        name=name,
        declared=declared,
    )


def _empty_message(name: str) -> str:
    return N_(
        "fact '%(name)s' has no value; set it under 'facts:' in course.md "
        "or in the instance file (%(setting)s)",
        name=name,
        setting=INSTANCE_SETTING,
    )


def apply_facts(
    text: str, facts: Facts, language: str, path: str, first_line: int
) -> tuple[str, list[Problem]]:
    """`text` with its placeholders filled in for `language`, and the problems.

    `first_line` is the file line of the text's first line. Placeholders that
    cannot be filled in stay as written.
    """
    problems = []
    values = facts.values_for(language)
    for use in find_uses(text):
        line = first_line + use.line - 1
        if use.name not in values:
            problems.append(Problem(path, line, _unknown_message(use.name, facts)))
        elif not values[use.name]:
            problems.append(Problem(path, line, _empty_message(use.name)))
    filled = {name: value for name, value in values.items() if value}
    return substitute(text, filled), problems


def used_values(text: str, facts: Facts, language: str) -> dict[str, str]:
    """The values `text` uses, for a content hash that changes with them."""
    values = facts.values_for(language)
    return {use.name: values.get(use.name, "") for use in find_uses(text)}
