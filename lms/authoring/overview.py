"""The author page's check, cached by the content files' hashes.

The result depends only on the files, so it is kept per content folder under
a fingerprint of every file's path and content hash: a page view with nothing
changed does no checking; after a change the check runs again, and the Markdown
of unchanged files comes from the renderers' caches (render.py), so only
changed files are rendered again.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from lms.content.frontmatter import split_front_matter
from lms.sync import check_all, translation_warnings


@dataclass(frozen=True)
class Shown:
    """A problem or warning as the author page shows it."""

    path: str
    line: int
    message: str
    excerpt: str
    warning: bool = False  # a warning: the content can still be synced


@dataclass(frozen=True)
class CourseFolder:
    slug: str
    title: str
    problems: int


@dataclass(frozen=True)
class Overview:
    fingerprint: str
    folders: tuple[CourseFolder, ...]
    problems: tuple[Shown, ...]
    warnings: tuple[Shown, ...]  # item-writing cues
    translations: tuple[Shown, ...]  # files without a translation
    files: tuple[str, ...] = ()  # every Markdown file, for the editor
    modules: tuple[str, ...] = ()  # module folders, for a new lesson

    @property
    def listed(self) -> tuple[Shown, ...]:
        """Problems and warnings in one list, by file and line."""
        every = self.problems + self.warnings + self.translations
        return tuple(sorted(every, key=lambda s: (s.path, s.line, s.warning)))


_lock = threading.Lock()
_cache: dict[tuple[str, str, str], Overview] = {}


def fingerprint(folders: list[Path], facts_file: Path | None) -> str:
    """A hash over every file's path and content in the folders."""
    digest = hashlib.sha256()
    files = [p for folder in folders if folder.is_dir() for p in folder.rglob("*")]
    if facts_file is not None:
        files.append(facts_file)
    for path in sorted(files):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def overview(
    courses_dir: Path, quizzes_dir: Path, facts_file: Path | None = None
) -> Overview:
    """The check of the content folders, from the cache when nothing changed."""
    key = (str(courses_dir), str(quizzes_dir), str(facts_file))
    current = fingerprint([courses_dir, quizzes_dir], facts_file)
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached.fingerprint == current:
        return cached
    result = _check(courses_dir, quizzes_dir, facts_file, current)
    with _lock:
        _cache[key] = result
    return result


def _check(
    courses_dir: Path, quizzes_dir: Path, facts_file: Path | None, current: str
) -> Overview:
    report = check_all(courses_dir, quizzes_dir, facts_file=facts_file)
    root = courses_dir.absolute().parent
    lines = _Lines(root)
    folders = []
    if courses_dir.is_dir():
        for entry in sorted(p for p in courses_dir.iterdir() if p.is_dir()):
            if entry.name.startswith("."):
                continue
            prefix = f"{courses_dir.name}/{entry.name}/"
            count = sum(1 for p in report.problems if p.path.startswith(prefix))
            folders.append(CourseFolder(entry.name, _title(entry), count))
    translations = translation_warnings(courses_dir)
    files = tuple(
        f"{folder.name}/{p.relative_to(folder).as_posix()}"
        for folder in (courses_dir, quizzes_dir)
        if folder.is_dir()
        for p in sorted(folder.rglob("*.md"))
        if "assets" not in p.relative_to(folder).parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    modules = tuple(
        path.rsplit("/", 1)[0] for path in files if path.endswith("/module.md")
    )
    return Overview(
        current,
        tuple(folders),
        tuple(lines.shown(p.path, p.line, p.message) for p in report.problems),
        tuple(
            lines.shown(p.path, p.line, p.message, warning=True)
            for p in report.warnings
        ),
        tuple(Shown(p.path, p.line, p.message, "", True) for p in translations),
        files,
        modules,
    )


def _title(course_dir: Path) -> str:
    """The course title from course.md, or the folder name."""
    try:
        text = (course_dir / "course.md").read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return course_dir.name
    title = split_front_matter(text, "")[0].get("title")
    return title if isinstance(title, str) and title.strip() else course_dir.name


class _Lines:
    """Short excerpts of the lines problems point at."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[str]] = {}

    def shown(
        self, path: str, line: int, message: str, *, warning: bool = False
    ) -> Shown:
        return Shown(path, line, message, self.excerpt(path, line), warning)

    def excerpt(self, path: str, line: int) -> str:
        if path not in self.files:
            try:
                text = (self.root / path).read_text("utf-8-sig", errors="replace")
            except OSError:
                text = ""
            self.files[path] = text.splitlines()
        lines = self.files[path]
        if not 1 <= line <= len(lines):
            return ""
        text = lines[line - 1].strip()
        return text if len(text) <= 100 else text[:99] + "…"
