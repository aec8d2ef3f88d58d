"""Filling in company facts (`{{ name }}`) in bank files before they are parsed.

Only the text below a bank's front matter is filled in (its questions, options,
feedback and accepted answers); a placeholder in the front matter is an error,
since a value could break its YAML.
"""

from __future__ import annotations

from collections.abc import Mapping

from lms.content.facts.placeholders import Facts, apply_facts, find_uses
from lms.content.frontmatter import normalize_newlines
from lms.content.names import split_markdown_name
from lms.content.schema import N_
from lms.quiz.bank.schema import Problem


def _body_start(lines: list[str]) -> int:
    """Index of the first body line: after the closing '---', else 0."""
    if not lines or lines[0].strip() != "---":
        return 0
    closing = next(
        (index for index, line in enumerate(lines[1:], 1) if line.strip() == "---"),
        None,
    )
    return 0 if closing is None else closing + 1


def fill_bank_file(
    text: str, facts: Facts, language: str, path: str
) -> tuple[str, list[Problem]]:
    """One bank file's text with its facts filled in for `language`."""
    if not find_uses(text):
        return text, []  # unchanged, so the stored quiz set keeps its version
    lines = normalize_newlines(text).split("\n")
    start = _body_start(lines)
    head = "\n".join(lines[:start])
    problems = [
        Problem(
            path,
            use.line,
            N_(
                "a fact ('{{ %(name)s }}') cannot be used in the front matter; "
                "use it in the questions below",
                name=use.name,
            ),
        )
        for use in find_uses(head)
    ]
    body, found = apply_facts(
        "\n".join(lines[start:]), facts, language, path, start + 1
    )
    filled = f"{head}\n{body}" if start else body
    return filled, problems + found


def fill_bank_sources(
    sources: Mapping[str, str], facts: Facts, display_dir: str
) -> tuple[dict[str, str], list[Problem]]:
    """Every bank file of a course folder (by file name) with its facts filled in.

    A file's language is its suffix (`bank.de.md`), else the course language.
    """
    filled: dict[str, str] = {}
    problems: list[Problem] = []
    for file_name, text in sources.items():
        name = split_markdown_name(file_name)
        if isinstance(name, str):  # a bad name, reported by the bank loader
            filled[file_name] = text
            continue
        language = name.language or facts.language
        filled[file_name], found = fill_bank_file(
            text, facts, language, f"{display_dir}/{file_name}"
        )
        problems.extend(found)
    return filled, problems
