"""Finding the files of a course's ``assets/`` folders, to store them at sync time."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from lms.content.tree import ASSETS

MAX_ASSET_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class AssetFile:
    path: str  # relative to the course folder, forward slashes
    media_type: str
    sha256: str
    data: bytes


def collect_assets(course_dir: Path) -> list[AssetFile]:
    """Every regular file under an assets/ folder of the course (no symlinks out)."""
    course_dir = course_dir.resolve()
    found: list[AssetFile] = []
    for folder in sorted(course_dir.rglob(ASSETS)):
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*")):
            resolved = file.resolve()
            if not resolved.is_file() or not resolved.is_relative_to(course_dir):
                continue
            if file.name.startswith(".") or file.stat().st_size > MAX_ASSET_BYTES:
                continue
            data = resolved.read_bytes()
            media_type = (
                mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            )
            found.append(
                AssetFile(
                    path=file.relative_to(course_dir).as_posix(),
                    media_type=media_type,
                    sha256=hashlib.sha256(data).hexdigest(),
                    data=data,
                )
            )
    return found
