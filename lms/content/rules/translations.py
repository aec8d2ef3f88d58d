"""Which files of a course lack a translation the course otherwise has."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lms.content.frontmatter import split_front_matter
from lms.content.schema import N_, Problem
from lms.content.tree import DocFiles, scan_course


def missing_translations(course_dir: Path, languages: Sequence[str]) -> list[Problem]:
    """One warning per language the course is translated into (it has a
    ``course.<lang>.md``) listing the course's files without that translation."""
    course_dir = course_dir.absolute()
    root = course_dir.parent.parent
    tree, _problems = scan_course(course_dir, root, languages)
    original = tree.files.original
    language = languages[0]
    if original is not None:
        try:
            meta = split_front_matter(original.read_text("utf-8-sig"), "")[0]
        except (OSError, UnicodeDecodeError):
            meta = {}
        if isinstance(meta.get("language"), str):
            language = str(meta["language"])
    documents: list[DocFiles] = [tree.files]
    for module in tree.modules:
        documents.append(module.files)
        documents.extend(lesson.files for lesson in module.lessons)
    warnings = []
    for other in sorted(set(tree.files.translations) - {language}):
        missing = [
            files.original.relative_to(root).as_posix()
            for files in documents
            if files.original is not None and other not in files.translations
        ]
        if missing:
            where = (original or course_dir).relative_to(root).as_posix()
            listing = ", ".join(missing)
            message = N_(
                "not translated into '%(language)s' (%(count)s files): %(files)s; "
                "add a '.%(language)s.md' file beside each, or learners reading "
                "'%(language)s' see the original",
                language=other,
                count=len(missing),
                files=listing,
            )
            warnings.append(Problem(where, 1, message))
    return warnings
