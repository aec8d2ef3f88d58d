"""Markdown to sanitized HTML for question texts (never with task lists)."""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown
import nh3

# Only what Python-Markdown produces for these extensions; no task lists, ever,
# since a checked box would print the answer key.
_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol",
    "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "sub", "sup",
    "del", "ins", "kbd", "abbr", "b", "i", "u", "s", "mark", "small",
    "h4", "h5", "h6",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
_URL_SCHEMES = {"http", "https", "mailto"}

_local = threading.local()


def _converter() -> markdown.Markdown:
    # One converter per thread: building one costs more than converting a stem.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=_EXTENSIONS)
        _local.converter = converter
    converter.reset()
    return converter


def sanitize(html: str) -> str:
    """Keep only the tags, attributes and URL schemes the renderer produces."""
    return str(
        nh3.clean(
            html,
            tags=_TAGS,
            clean_content_tags={"script", "style"},
            attributes=_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
        )
    )


@lru_cache(maxsize=20_000)
def render_block(text: str) -> str:
    """Render Markdown with paragraphs; empty text gives an empty string.

    Cached by the text: checking the banks again after one file changed
    renders only the texts that changed.
    """
    if not text.strip():
        return ""
    return sanitize(str(_converter().convert(text))).strip()


def render_inline(text: str) -> str:
    """Render Markdown without the paragraph wrapper when it is one paragraph."""
    html = render_block(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
