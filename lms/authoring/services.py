"""Reading the content folder for previews, exactly as learners will see it."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from lms.catalog.outline import CourseStructure, LessonContent, content_from_doc
from lms.catalog.outline import structure_from_doc as _structure_from_doc
from lms.catalog.services import Progress
from lms.content.facts.sources import read_instance_facts
from lms.content.loader import SUPPORTED_LANGUAGES, load_course
from lms.content.names import is_slug
from lms.content.render import render_markdown
from lms.content.schema import CourseDoc, Problem
from lms.errors import NotFound
from lms.sync import quiz_ids_by_course

PREVIEW_PREFIX = "/author/preview"
ASSET_PREFIX = "/author/asset"
_LINKS = re.compile(r'(href|src)="/(courses|content)/')


def to_preview(html: str) -> str:
    """Point links at preview pages and images at the files, not the synced copy."""

    def repoint(match: re.Match[str]) -> str:
        prefix = PREVIEW_PREFIX if match.group(2) == "courses" else ASSET_PREFIX
        return f'{match.group(1)}="{prefix}/'

    return _LINKS.sub(repoint, html)


def _load(
    courses_dir: Path, quizzes_dir: Path, slug: str, facts_file: Path | None
) -> tuple[CourseDoc | None, list[Problem]]:
    course_dir = courses_dir / slug
    if not is_slug(slug) or not course_dir.is_dir():
        raise NotFound(slug)
    ids = quiz_ids_by_course(quizzes_dir).get(slug, ())
    # The instance file's own problems are listed on the author's index page.
    instance = (
        read_instance_facts(facts_file, SUPPORTED_LANGUAGES)[0] if facts_file else None
    )
    doc, problems = load_course(
        course_dir, quiz_ids=ids, instance=instance, partial=True
    )
    return doc, sorted(problems, key=problem_order)


def problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line, problem.message)


def lesson_problems(problems: list[Problem], module: str, lesson: str) -> list[Problem]:
    """The problems of one lesson's files (the original and its translations)."""
    pattern = re.compile(
        rf"/\d\d-{re.escape(module)}/\d\d-{re.escape(lesson)}(\.[a-z]+)?\.md$"
    )
    return [p for p in problems if pattern.search(p.path)]


def broken_lessons(structure: CourseStructure, problems: list[Problem]) -> set[str]:
    """Keys 'module/lesson' of the lessons whose own files have problems."""
    return {
        f"{module.slug}/{lesson.slug}"
        for module in structure.modules
        for lesson in module.lessons
        if lesson_problems(problems, module.slug, lesson.slug)
    }


def preview_course(
    courses_dir: Path,
    quizzes_dir: Path,
    slug: str,
    language: str,
    *,
    facts_file: Path | None = None,
) -> tuple[CourseStructure, list[Problem]]:
    """The course as far as its files can be read, and all its problems."""
    doc, problems = _load(courses_dir, quizzes_dir, slug, facts_file)
    if doc is None:
        return _broken(slug, language), problems
    structure = _structure_from_doc(doc, language)
    return _previewed(structure), problems


def preview_lesson(
    courses_dir: Path,
    quizzes_dir: Path,
    slug: str,
    module: str,
    lesson: str,
    language: str,
    *,
    facts_file: Path | None = None,
) -> tuple[CourseStructure, LessonContent, list[Problem]]:
    """One lesson rendered as far as it can be, with its own files' problems."""
    doc, problems = _load(courses_dir, quizzes_dir, slug, facts_file)
    if doc is None:
        raise NotFound(slug)
    lessons = [x for m in doc.modules if m.slug == module for x in m.lessons]
    lesson_doc = next((x for x in lessons if x.slug == lesson), None)
    if lesson_doc is None:
        raise NotFound(lesson)
    content = content_from_doc(lesson_doc, language)
    content = LessonContent(
        content.title or lesson,
        to_preview(content.html),
        content.toc,
        content.language,
        content.translated,
        tuple(
            replace(
                exercise,
                prompt_html=to_preview(exercise.prompt_html),
                answer_html=to_preview(exercise.answer_html),
            )
            for exercise in content.exercises
        ),
        content.objectives,
    )
    structure = _previewed(_structure_from_doc(doc, language))
    return structure, content, lesson_problems(problems, module, lesson)


def _previewed(structure: CourseStructure) -> CourseStructure:
    modules = tuple(
        replace(
            module,
            url=PREVIEW_PREFIX + module.url.removeprefix("/courses"),
            intro_html=to_preview(module.intro_html),
            title=module.title or module.slug,
            lessons=tuple(
                replace(
                    lesson,
                    url=PREVIEW_PREFIX + lesson.url.removeprefix("/courses"),
                    title=lesson.title or lesson.slug,
                )
                for lesson in module.lessons
            ),
        )
        for module in structure.modules
    )
    return replace(
        structure,
        url=PREVIEW_PREFIX + structure.url.removeprefix("/courses"),
        title=structure.title or structure.slug,
        intro_html=to_preview(structure.intro_html),
        modules=modules,
    )


def _broken(slug: str, language: str) -> CourseStructure:
    return CourseStructure(
        id=None,
        slug=slug,
        language=language,
        reader_language=language,
        title=slug,
        summary="",
        intro_html="",
        translated=True,
        estimated_minutes=0,
        final_exam=None,
        url=f"{PREVIEW_PREFIX}/{slug}",
        modules=(),
    )


def empty_progress(structure: CourseStructure) -> Progress:
    lessons = [lesson for module in structure.modules for lesson in module.lessons]
    return Progress(
        completed=frozenset(),
        total=len(lessons),
        resume=lessons[0] if lessons else None,
    )


def help_html() -> str:
    """docs/authoring.md rendered like a lesson, or "" when it is not installed."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
    try:
        text = docs.read_text("utf-8")
    except OSError:
        return ""
    return render_markdown(text).html


def render_snippet(markdown_text: str) -> str:
    """The live preview of one lesson body, sanitized like a synced lesson."""
    return render_markdown(markdown_text[:200_000]).html


def asset_path(courses_dir: Path, slug: str, relative: str) -> Path:
    """A file inside an assets/ folder of the course, never outside it."""
    # A slug such as `..` would make the content folder's parent the "course".
    if not is_slug(slug):
        raise NotFound(slug)
    course_dir = (courses_dir / slug).resolve()
    target = (course_dir / relative).resolve()
    if (
        not course_dir.is_dir()
        or not target.is_relative_to(course_dir)
        or "assets" not in target.relative_to(course_dir).parts[:-1]
        or not target.is_file()
    ):
        raise NotFound(relative)
    return target
