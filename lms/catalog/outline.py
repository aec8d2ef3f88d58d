"""View models of a course as a learner sees it; built from the database or from files.

The same templates render both, so the author's preview shows exactly what
learners will see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lms.content.exercises.model import split_html
from lms.content.schema import CourseDoc, Exercise, LearningPath, LessonDoc, TocEntry
from lms.content.urls import course_url, lesson_url, module_url


@dataclass(frozen=True)
class LessonItem:
    id: int | None
    slug: str
    title: str
    minutes: int | None
    url: str
    translated: bool  # exists in the reader's language


@dataclass(frozen=True)
class ModuleItem:
    slug: str
    title: str
    summary: str
    intro_html: str
    quiz: str | None
    url: str
    lessons: tuple[LessonItem, ...]

    def __hash__(self) -> int:
        # Kept once computed: every step of a learner's player holds its module,
        # and the player is a cache key of the outline beside each lesson.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(
                (self.slug, self.title, self.summary, self.intro_html, self.quiz)
                + (self.url, self.lessons)
            )
            object.__setattr__(self, "_hash", cached)
        return cached


@dataclass(frozen=True)
class CourseStructure:
    """Everything about a course that does not depend on the person reading it."""

    id: int | None
    slug: str
    language: str  # the course's default language
    reader_language: str
    title: str
    summary: str
    intro_html: str
    translated: bool
    estimated_minutes: int
    final_exam: str | None
    url: str
    modules: tuple[ModuleItem, ...]
    order: tuple[tuple[str, str], ...] = field(default=())  # (module, lesson) slugs
    paths: tuple[LearningPath, ...] = ()  # `paths:` of course.md; () for none

    def __post_init__(self) -> None:
        order = tuple(
            (m.slug, lesson.slug) for m in self.modules for lesson in m.lessons
        )
        object.__setattr__(self, "order", order)

    @property
    def lesson_count(self) -> int:
        return len(self.order)

    def path_modules(self, path: LearningPath | None) -> tuple[ModuleItem, ...]:
        """The modules a path requires, in course order (all for None)."""
        if path is None:
            return self.modules
        wanted = set(path.modules)
        return tuple(module for module in self.modules if module.slug in wanted)

    def path_minutes(self, path: LearningPath) -> int:
        """A path's estimated minutes: the sum of its lessons' estimates."""
        return sum(
            lesson.minutes or 0
            for module in self.path_modules(path)
            for lesson in module.lessons
        )

    def module(self, slug: str) -> ModuleItem | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def lesson(self, module_slug: str, lesson_slug: str) -> LessonItem | None:
        module = self.module(module_slug)
        if module is None:
            return None
        return next(
            (lesson for lesson in module.lessons if lesson.slug == lesson_slug), None
        )

    def neighbours(
        self, module_slug: str, lesson_slug: str
    ) -> tuple[LessonItem | None, LessonItem | None]:
        index = self.order.index((module_slug, lesson_slug))
        previous = self.lesson(*self.order[index - 1]) if index > 0 else None
        following = (
            self.lesson(*self.order[index + 1]) if index + 1 < len(self.order) else None
        )
        return previous, following


@dataclass(frozen=True)
class LessonContent:
    title: str
    html: str
    toc: tuple[TocEntry, ...]
    language: str
    translated: bool
    exercises: tuple[Exercise, ...] = ()

    @property
    def parts(self) -> list[tuple[str, Exercise | None]]:
        """The HTML in pieces, each followed by the exercise that goes there."""
        parts: list[tuple[str, Exercise | None]] = []
        for piece in split_html(self.html):
            if isinstance(piece, str):
                parts.append((piece, None))
            elif piece < len(self.exercises):
                parts.append(("", self.exercises[piece]))
        return parts

    objectives: tuple[str, ...] = ()  # "After this lesson you can ..."


def structure_from_doc(doc: CourseDoc, reader_language: str) -> CourseStructure:
    """The structure of a course read straight from its files (author preview)."""
    modules = []
    for module in doc.modules:
        text = module.text(reader_language)
        lessons = tuple(
            _lesson_item(doc.slug, module.slug, lesson, reader_language)
            for lesson in module.lessons
        )
        modules.append(
            ModuleItem(
                slug=module.slug,
                title=text.title,
                summary=text.summary,
                intro_html=text.html,
                quiz=module.quiz,
                url=module_url(doc.slug, module.slug),
                lessons=lessons,
            )
        )
    text = doc.text(reader_language)
    return CourseStructure(
        id=None,
        slug=doc.slug,
        language=doc.language,
        reader_language=reader_language,
        title=text.title,
        summary=text.summary,
        intro_html=text.html,
        translated=reader_language in doc.texts,
        estimated_minutes=doc.estimated_minutes,
        final_exam=doc.final_exam,
        url=course_url(doc.slug),
        modules=tuple(modules),
        paths=doc.paths,
    )


def _lesson_item(
    course: str, module: str, lesson: LessonDoc, language: str
) -> LessonItem:
    return LessonItem(
        id=None,
        slug=lesson.slug,
        title=lesson.text(language).title,
        minutes=lesson.estimated_minutes,
        url=lesson_url(course, module, lesson.slug),
        translated=language in lesson.texts,
    )


def content_from_doc(lesson: LessonDoc, reader_language: str) -> LessonContent:
    text = lesson.text(reader_language)
    return LessonContent(
        title=text.title,
        html=text.html,
        toc=text.toc,
        language=text.language,
        translated=reader_language in lesson.texts,
        exercises=text.exercises,
        objectives=text.objectives,
    )
