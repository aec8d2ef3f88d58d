"""Course covers: the course's own assets/cover file, or a tile from its title."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import Flask, g, url_for
from sqlalchemy import select

from lms.db import get_session
from lms.models import Asset, Course

# The file names a course folder may use for its cover, in order of preference.
COVER_PATHS = (
    "assets/cover.svg",
    "assets/cover.png",
    "assets/cover.jpg",
    "assets/cover.webp",
)
# Tile colours for courses without a cover: .cover--tone-0 to -5 in components.css.
TILE_TONES = 6


@dataclass(frozen=True)
class Cover:
    url: str | None  # the course's own picture, if it has one
    initials: str  # for the generated tile
    tone: int


def tile(title: str) -> tuple[str, int]:
    """Initials (at most two) and a stable tone for a course without a picture."""
    words = [word for word in title.replace("-", " ").split() if word[:1].isalnum()]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    digest = hashlib.sha256(title.encode()).digest()
    return initials, digest[0] % TILE_TONES


def _cover_paths() -> dict[str, str]:
    """Course slug -> its cover's asset path, read once per request."""
    if "course_covers" not in g:
        rows = get_session().execute(
            select(Course.slug, Asset.path)
            .join(Asset, Asset.course_id == Course.id)
            .where(Asset.path.in_(COVER_PATHS))
        )
        found: dict[str, str] = {}
        for slug, path in sorted(rows, key=lambda row: COVER_PATHS.index(row[1])):
            found.setdefault(slug, path)
        g.course_covers = found
    covers: dict[str, str] = g.course_covers
    return covers


def course_cover(slug: str, title: str) -> Cover:
    path = _cover_paths().get(slug)
    url = url_for("catalog.asset", course=slug, path=path) if path else None
    initials, tone = tile(title)
    return Cover(url=url, initials=initials, tone=tone)


def init_covers(app: Flask) -> None:
    app.jinja_env.globals["course_cover"] = course_cover
