"""Markdown to sanitized HTML plus a table of contents: the one page renderer."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from lms.content.schema import TocEntry

LinkResolver = Callable[[str], str | None]

_EXTENSIONS = [
    "tables",
    # superfences replaces fenced_code's preprocessor, so it must come after it.
    "fenced_code",
    "toc",
    "attr_list",
    "footnotes",
    "def_list",
    "admonition",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
]
_EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    # align="..." instead of style="text-align: ...": style is never allowed.
    "tables": {"use_align_attribute": True},
    "toc": {"permalink": False, "slugify": slugify_unicode},
    # Plain <pre><code class="language-x">: no Pygments spans to allow.
    "pymdownx.highlight": {"use_pygments": False},
}

_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "pre", "code", "blockquote",
    "em", "strong", "hr", "br", "div", "details", "summary", "sup", "dl", "dt",
    "dd",
}  # fmt: skip
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template",
    "textarea", "select", "svg", "math", "title",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "details": {"open"},
}
_URL_SCHEMES = {"http", "https", "mailto", "data"}  # data: only on images, below
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_CLASS = re.compile(r"[A-Za-z][\w-]*")
_SIZE = re.compile(r"\d{1,5}")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...]


def render_markdown(text: str, *, resolve_link: LinkResolver | None = None) -> Rendered:
    """Render `text` to sanitized HTML and its headings.

    `resolve_link` gets every `href`/`src` that is a path relative to the file
    (in raw HTML too) and returns the URL to use, or None to drop the attribute.
    Other links are kept when their scheme is http, https or mailto.
    """
    raw_html, tokens = _convert(text)
    clean_html = nh3.clean(
        raw_html,
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter(resolve_link),
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Rendered(clean_html, tuple(_flatten_toc(tokens)))


@lru_cache(maxsize=4_000)
def _convert(text: str) -> tuple[str, tuple[Mapping[str, object], ...]]:
    """Markdown to raw HTML and heading tokens, cached by the text.

    Links are resolved (and checked) afterwards, while sanitizing, so a cached
    conversion still reports the links of the file it is used for.
    """
    # A Markdown instance keeps state between conversions: one per call.
    converter = markdown.Markdown(
        extensions=_EXTENSIONS,
        extension_configs=_EXTENSION_CONFIGS,
        output_format="html",
    )
    raw_html = converter.convert(text)
    tokens: list[Mapping[str, object]] = getattr(converter, "toc_tokens", [])
    return raw_html, tuple(tokens)


def _attribute_filter(
    resolve_link: LinkResolver | None,
) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in {"href", "src"}:
            return _filter_url(tag, value, resolve_link)
        if attribute == "class":
            classes = [name for name in value.split() if _CLASS.fullmatch(name)]
            return " ".join(classes) or None
        if attribute in {"width", "height", "start"}:
            return value if _SIZE.fullmatch(value.strip()) else None
        return value

    return keep


def _filter_url(tag: str, url: str, resolve_link: LinkResolver | None) -> str | None:
    if url.strip().lower().startswith("data:"):
        is_image = tag == "img" and _DATA_IMAGE.match(url.strip())
        return url if is_image else None
    parts = urlsplit(url)
    # Only paths relative to the file need the loader: not other sites, not
    # same-page anchors, not site paths like /courses/....
    is_relative = parts.path and not parts.path.startswith("/")
    if parts.scheme or parts.netloc or not is_relative or resolve_link is None:
        return url
    return resolve_link(url)


def _flatten_toc(tokens: Iterable[Mapping[str, object]]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for token in tokens:
        level, anchor, name = token.get("level"), token.get("id"), token.get("name")
        if isinstance(level, int) and isinstance(anchor, str):
            entries.append(TocEntry(level, anchor, html.unescape(str(name or ""))))
        children = token.get("children")
        if isinstance(children, list):
            entries.extend(_flatten_toc(children))
    return entries
