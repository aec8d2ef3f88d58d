"""Scanning a course folder: which files make which course, module and lesson."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lms.content.names import (
    NAME_RULE,
    MarkdownName,
    is_slug,
    parse_prefixed,
    split_markdown_name,
)
from lms.content.schema import N_, Problem

ASSETS = "assets"


@dataclass
class DocFiles:
    """One document: the original file and its translations by language."""

    original: Path | None = None
    translations: dict[str, Path] = field(default_factory=dict)


@dataclass
class LessonEntry:
    position: int
    slug: str
    stem: str
    files: DocFiles


@dataclass
class ModuleEntry:
    position: int
    slug: str
    path: Path
    files: DocFiles
    lessons: list[LessonEntry]


_Entry = TypeVar("_Entry", ModuleEntry, LessonEntry)


@dataclass
class CourseTree:
    slug: str
    path: Path
    files: DocFiles
    modules: list[ModuleEntry]


class _Scan:
    """Collects problems while walking one course folder."""

    def __init__(self, root: Path, languages: Collection[str]) -> None:
        self.root = root
        self.languages = languages
        self.problems: list[Problem] = []

    def display(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def report(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.display(path), 1, message))

    def entries(self, folder: Path) -> list[Path]:
        try:
            found = sorted(folder.iterdir())
        except OSError as error:
            self.report(
                folder,
                N_(
                    "cannot read the folder: %(error)s",
                    error=error.strerror or str(error),
                ),
            )
            return []
        return [entry for entry in found if not entry.name.startswith(".")]

    def markdown_name(self, path: Path) -> MarkdownName | None:
        name = split_markdown_name(path.name)
        if isinstance(name, str):
            self.report(path, name)
            return None
        if name.language is not None and name.language not in self.languages:
            supported = ", ".join(self.languages)
            self.report(
                path,
                N_(
                    "language '%(language)s' is not supported; use one of: "
                    "%(supported)s",
                    language=name.language,
                    supported=supported,
                ),
            )
            return None
        return name

    def add_file(self, files: DocFiles, path: Path, name: MarkdownName) -> None:
        if name.language is None:
            files.original = path
        else:
            files.translations[name.language] = path

    def check_originals(self, files: DocFiles, original: Path) -> None:
        if files.original is not None:
            return
        for path in files.translations.values():
            self.report(
                path,
                N_(
                    "translation without an original: there is no '%(name)s' "
                    "next to it",
                    name=original.name,
                ),
            )


def scan_course(
    course_dir: Path, root: Path, languages: Collection[str]
) -> tuple[CourseTree, list[Problem]]:
    """Walk `course_dir`; paths in problems are relative to `root`."""
    scan = _Scan(root, languages)
    if not is_slug(course_dir.name):
        scan.report(
            course_dir,
            N_(
                "course folder name '%(name)s' must be a slug: lowercase "
                "letters, digits and dashes",
                name=course_dir.name,
            ),
        )
    tree = CourseTree(course_dir.name, course_dir, DocFiles(), [])
    for entry in scan.entries(course_dir):
        if entry.is_dir():
            if entry.name != ASSETS:
                _add_module(scan, tree, entry)
        elif entry.name.endswith(".md"):
            name = scan.markdown_name(entry)
            if name is None:
                continue
            if name.stem == "course":
                scan.add_file(tree.files, entry, name)
            else:
                scan.report(
                    entry,
                    N_(
                        "unexpected file '%(name)s' in the course folder: lessons "
                        "go into module folders, like 01-basics/01-welcome.md",
                        name=entry.name,
                    ),
                )
        else:
            _report_stray_file(scan, entry)
    course_md = course_dir / "course.md"
    if tree.files.original is None and not tree.files.translations:
        scan.report(course_md, N_("missing course.md: every course folder needs one"))
    scan.check_originals(tree.files, course_md)
    _check_duplicates(scan, tree.modules, N_("module"), lambda module: module.path)
    return tree, scan.problems


def _add_module(scan: _Scan, tree: CourseTree, folder: Path) -> None:
    parsed = parse_prefixed(folder.name)
    if parsed is None:
        scan.report(
            folder,
            N_(
                "folder name '%(name)s' must be %(rule)s",
                name=folder.name,
                rule=NAME_RULE,
            ),
        )
        return
    module = ModuleEntry(parsed[0], parsed[1], folder, DocFiles(), [])
    lessons: dict[str, LessonEntry] = {}
    for entry in scan.entries(folder):
        if entry.is_dir():
            if entry.name != ASSETS:
                scan.report(
                    entry,
                    N_(
                        "unexpected folder '%(name)s' in a module: only assets/ "
                        "may be there",
                        name=entry.name,
                    ),
                )
            continue
        if not entry.name.endswith(".md"):
            _report_stray_file(scan, entry)
            continue
        name = scan.markdown_name(entry)
        if name is None:
            continue
        if name.stem == "module":
            scan.add_file(module.files, entry, name)
            continue
        lesson_name = parse_prefixed(name.stem)
        if lesson_name is None:
            scan.report(
                entry,
                N_(
                    "file name '%(name)s' must be %(rule)s, + .md",
                    name=entry.name,
                    rule=NAME_RULE,
                ),
            )
            continue
        if name.stem not in lessons:
            lessons[name.stem] = LessonEntry(*lesson_name, name.stem, DocFiles())
        scan.add_file(lessons[name.stem].files, entry, name)
    if module.files.original is None and not module.files.translations:
        scan.report(
            folder / "module.md", N_("missing module.md: every module needs one")
        )
    scan.check_originals(module.files, folder / "module.md")
    for lesson in lessons.values():
        scan.check_originals(lesson.files, folder / f"{lesson.stem}.md")
    module.lessons = sorted(
        (lesson for lesson in lessons.values() if lesson.files.original is not None),
        key=lambda lesson: (lesson.position, lesson.stem),
    )
    _check_duplicates(
        scan, module.lessons, N_("lesson"), lambda lesson: folder / f"{lesson.stem}.md"
    )
    tree.modules.append(module)


def _report_stray_file(scan: _Scan, path: Path) -> None:
    scan.report(
        path,
        N_(
            "unexpected file '%(name)s': put images and other files into an "
            "%(assets)s/ folder",
            name=path.name,
            assets=ASSETS,
        ),
    )


def _check_duplicates(
    scan: _Scan, entries: Sequence[_Entry], kind: str, path_of: Callable[[_Entry], Path]
) -> None:
    first: dict[str, Path] = {}
    for entry in entries:
        path = path_of(entry)
        if entry.slug in first:
            scan.report(
                path,
                N_(
                    "duplicate %(kind)s slug '%(slug)s': '%(other)s' has it too; "
                    "slugs must be unique",
                    kind=kind,
                    slug=entry.slug,
                    other=first[entry.slug].name,
                ),
            )
        else:
            first[entry.slug] = path
