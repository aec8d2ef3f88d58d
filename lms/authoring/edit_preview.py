"""The editor's preview of a text being edited: rendered like a synced page,
with the problems that can be found in the file alone."""

from __future__ import annotations

from dataclasses import dataclass

from lms.authoring.services import to_preview
from lms.content.frontmatter import split_front_matter
from lms.content.render import render_markdown
from lms.content.rules.markup import markup_problems
from lms.content.schema import Problem


@dataclass(frozen=True)
class EditPreview:
    html: str  # "" for question banks: they are never rendered as pages
    problems: tuple[Problem, ...]


def preview_text(path: str, text: str, *, is_bank: bool) -> EditPreview:
    """The page `text` would give, sanitized as at sync, and its own problems."""
    meta, body, body_line, problems = split_front_matter(text[:512_000], path)
    if not is_bank:
        problems += [
            Problem(path, line, message)
            for line, message in markup_problems(body, body_line)
        ]
    title = meta.get("title")
    if is_bank:
        html = ""
    else:
        heading = f"# {title}\n\n" if isinstance(title, str) and title else ""
        html = to_preview(render_markdown(heading + body).html)
    ordered = sorted(problems, key=lambda p: (p.line, p.message))
    return EditPreview(html, tuple(ordered))
