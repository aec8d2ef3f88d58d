"""Relative links and images in course files: checked and turned into site URLs."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lms.content.schema import N_
from lms.content.tree import ASSETS, CourseTree, DocFiles
from lms.content.urls import asset_url, course_url, lesson_url, module_url

_PREFIX = re.compile(r"^\d\d-")


@dataclass(frozen=True)
class LinkTargets:
    """Everything a link inside one course may point to."""

    course_dir: Path
    course_slug: str
    display_prefix: str  # how problems name the course folder: courses/<course>
    pages: dict[str, str]  # course-relative path of a .md file or folder -> URL

    def similar_page(self, target: str) -> str | None:
        """A page whose path differs from `target` only in its prefixes."""
        key = _without_prefixes(target)
        return next(
            (page for page in self.pages if _without_prefixes(page) == key), None
        )


@dataclass(frozen=True)
class BrokenLink:
    href: str
    occurrence: int  # 0 for the first link with this href in the file
    message: str


def link_targets(tree: CourseTree, display_prefix: str) -> LinkTargets:
    slug = tree.slug
    pages = {".": course_url(slug)}
    _add_files(pages, tree.files, tree.path, course_url(slug))
    for module in tree.modules:
        url = module_url(slug, module.slug)
        pages[module.path.name] = url
        _add_files(pages, module.files, tree.path, url)
        for lesson in module.lessons:
            url = lesson_url(slug, module.slug, lesson.slug)
            _add_files(pages, lesson.files, tree.path, url)
    return LinkTargets(tree.path, slug, display_prefix, pages)


def _add_files(
    pages: dict[str, str], files: DocFiles, course_dir: Path, url: str
) -> None:
    for path in [files.original, *files.translations.values()]:
        if path is not None:
            pages[path.relative_to(course_dir).as_posix()] = url


@dataclass
class LinkChecker:
    """The `resolve_link` callback for one file; collects the broken links."""

    targets: LinkTargets
    file_dir: str  # folder of the file, relative to the course folder ("" for top)
    broken: list[BrokenLink] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)

    def __call__(self, href: str) -> str | None:
        occurrence = self.seen[href]
        self.seen[href] += 1
        url_or_problem = self._resolve(href)
        if isinstance(url_or_problem, _Failure):
            self.broken.append(BrokenLink(href, occurrence, url_or_problem.message))
            return None
        return url_or_problem

    def _resolve(self, href: str) -> str | _Failure:
        parts = urlsplit(href)
        anchor = f"#{parts.fragment}" if parts.fragment else ""
        target = posixpath.normpath(posixpath.join(self.file_dir, unquote(parts.path)))
        course = self.targets.display_prefix
        if target == ".." or target.startswith(("../", "/")) or self._escapes(target):
            return _Failure(
                N_(
                    "link '%(href)s' leaves the course folder %(course)s/",
                    href=href,
                    course=course,
                )
            )
        if target in self.targets.pages:
            return self.targets.pages[target] + anchor
        if target.endswith(".md"):
            similar = self.targets.similar_page(target)
            if similar:
                return _Failure(
                    N_(
                        "link '%(href)s' points to a lesson that does not exist "
                        "(%(course)s/%(target)s); did you mean '%(similar)s'?",
                        href=href,
                        course=course,
                        target=target,
                        similar=similar,
                    )
                )
            return _Failure(
                N_(
                    "link '%(href)s' points to a lesson that does not exist "
                    "(%(course)s/%(target)s)",
                    href=href,
                    course=course,
                    target=target,
                )
            )
        if not (self.targets.course_dir / target).is_file():
            return _Failure(
                N_(
                    "file not found: '%(href)s' (%(course)s/%(target)s)",
                    href=href,
                    course=course,
                    target=target,
                )
            )
        if ASSETS not in PurePosixPath(target).parts[:-1]:
            return _Failure(
                N_(
                    "'%(href)s' is not in an %(assets)s/ folder; put images and "
                    "files into %(assets)s/ next to the course.md or the lessons",
                    href=href,
                    assets=ASSETS,
                )
            )
        return asset_url(self.targets.course_slug, target) + anchor

    def _escapes(self, target: str) -> bool:
        """Whether a symlink takes `target` out of the course folder."""
        course_dir = self.targets.course_dir
        try:
            return (
                not (course_dir / target).resolve().is_relative_to(course_dir.resolve())
            )
        except (OSError, RuntimeError):
            return True


def _without_prefixes(path: str) -> str:
    """`01-basics/02-phone.md` -> `basics/phone.md`: where a renumbered file went."""
    return "/".join(_PREFIX.sub("", part) for part in path.split("/"))


@dataclass(frozen=True)
class _Failure:
    message: str


def href_line(body: str, href: str, occurrence: int) -> int:
    """0-based line in `body` of the `occurrence`-th link to `href`, best effort."""
    for needle in (href, unquote(href), urlsplit(href).path):
        if not needle:
            continue
        lines = [index for index, line in enumerate(body.split("\n")) if needle in line]
        if lines:
            return lines[min(occurrence, len(lines) - 1)]
    return 0
