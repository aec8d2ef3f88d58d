"""File and folder names: `NN-slug`, language suffixes, and what a name means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lms.content.schema import N_

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SLUG = re.compile(SLUG_PATTERN)
_PREFIXED = re.compile(rf"(\d\d)-({SLUG_PATTERN})")
_LANGUAGE = re.compile(r"[a-z]{2}")

NAME_RULE = N_(
    "a two-digit prefix, a dash and a slug of lowercase letters, digits and "
    "dashes, like '01-first-steps'"
)


def is_slug(text: str) -> bool:
    return _SLUG.fullmatch(text) is not None


def parse_prefixed(name: str) -> tuple[int, str] | None:
    """(position, slug) of a name like `03-telephone-etiquette`, else None."""
    match = _PREFIXED.fullmatch(name)
    return (int(match.group(1)), match.group(2)) if match else None


@dataclass(frozen=True)
class MarkdownName:
    """A `.md` file name split into its stem and optional language suffix."""

    stem: str  # `02-the-smile` or `module` or `course`
    language: str | None  # `de` for `02-the-smile.de.md`

    @property
    def original_name(self) -> str:
        return f"{self.stem}.md"


def split_markdown_name(file_name: str) -> MarkdownName | str:
    """The parts of `file_name`, or a message saying what is wrong with it."""
    if not file_name.endswith(".md"):
        return N_("'%(name)s' is not a Markdown file (.md)", name=file_name)
    stem, _, language = file_name[: -len(".md")].partition(".")
    if not language:
        return MarkdownName(stem, None)
    if not _LANGUAGE.fullmatch(language):
        return N_(
            "'%(name)s': the part before .md must be a two-letter language "
            "code, like '%(stem)s.de.md'",
            name=file_name,
            stem=stem,
        )
    return MarkdownName(stem, language)
