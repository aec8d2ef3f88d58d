"""Reading one content file: text, front matter and body, or a problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lms.content import hashing
from lms.content.frontmatter import split_front_matter
from lms.content.schema import N_, Problem


@dataclass(frozen=True)
class SourceFile:
    """A read file: front matter, body and where the body starts."""

    path: Path
    display: str  # path relative to the content root's parent, for problems
    text: str
    meta: dict[str, object]
    body: str
    body_line: int
    meta_ok: bool  # False when the front matter is missing or not valid YAML

    @property
    def canonical(self) -> str:
        return hashing.canonical_source(self.meta, self.body)


def read_source(path: Path, root: Path, problems: list[Problem]) -> SourceFile | None:
    """Read and split `path`; None (and a problem) when it cannot be read."""
    display = path.relative_to(root).as_posix()
    text = read_text(path, display, problems)
    if text is None:
        return None
    meta, body, body_line, found = split_front_matter(text, display)
    problems.extend(found)
    return SourceFile(path, display, text, meta, body, body_line, not found)


def read_text(path: Path, display: str, problems: list[Problem]) -> str | None:
    """The file as text; a problem instead of an exception when it cannot be."""
    try:
        data = path.read_bytes()
    except OSError as error:
        message = N_(
            "cannot read the file: %(error)s", error=error.strerror or str(error)
        )
        problems.append(Problem(display, 1, message))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = N_(
            "the file is not UTF-8 text (byte %(byte)s); save it as UTF-8",
            byte=error.start,
        )
        problems.append(Problem(display, line, message))
        return None
