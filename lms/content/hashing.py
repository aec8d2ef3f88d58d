"""Content hashes: sha256 over a canonical form of the source files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

# Bump when rendering changes, so the next sync re-renders every lesson.
HASH_VERSION = "lms-content-1"


def digest(parts: Iterable[str]) -> str:
    """sha256 hex of the parts, each length-prefixed so boundaries cannot shift."""
    hasher = hashlib.sha256(HASH_VERSION.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hasher.update(f"\n{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


def canonical_source(meta: Mapping[str, object], body: str) -> str:
    """Front matter as sorted JSON plus the body: YAML layout and comments drop out."""
    keys = json.dumps(_plain(meta), sort_keys=True, ensure_ascii=False, default=str)
    return f"{keys}\n{body}"


def _plain(value: object, parents: frozenset[int] = frozenset()) -> object:
    """Mapping keys as strings so JSON can sort them; YAML alias cycles cut."""
    if id(value) in parents:
        return "<cycle>"
    inner = parents | {id(value)}
    if isinstance(value, Mapping):
        return {str(key): _plain(item, inner) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, inner) for item in value]
    return value


def texts_parts(texts: Mapping[str, str]) -> list[str]:
    """Canonical sources keyed by language, flattened in language order."""
    return [part for language in sorted(texts) for part in (language, texts[language])]


def lesson_hash(slug: str, position: int, texts: Mapping[str, str]) -> str:
    return digest(["lesson", slug, str(position), *texts_parts(texts)])


def module_hash(
    slug: str, position: int, texts: Mapping[str, str], lesson_hashes: Iterable[str]
) -> str:
    return digest(
        ["module", slug, str(position), *texts_parts(texts), "lessons", *lesson_hashes]
    )


def course_hash(
    slug: str, texts: Mapping[str, str], module_hashes: Iterable[str]
) -> str:
    return digest(["course", slug, *texts_parts(texts), "modules", *module_hashes])
