"""Frozen dataclasses a loaded course is made of, and the Problem an author sees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

ExerciseKind = Literal["text", "choice"]


class Message(str):
    """A checker message: the English text, and the template and parameters it
    was made from, so that the author pages can show it in the reader's language
    (lms.authoring.messages). Being a str, it goes wherever a message went."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object]) -> Message:
        text = template % dict(params) if params else template
        made = super().__new__(cls, text)
        made.template = template
        made.params = dict(params)
        return made

    def __getnewargs__(self) -> tuple[str, Mapping[str, object]]:  # type: ignore[override]
        """Copies and pickles are Messages too."""
        return (self.template, self.params)


def N_(template: str, **params: object) -> Message:
    """Marks a checker message for translation; the pure code stays English.

    ``template`` uses ``%(name)s`` placeholders and needs a German entry in
    lms/translations/de/LC_MESSAGES/messages.po (tests/authoring checks it).
    A parameter may itself be a Message (a hint inside a message).
    """
    return Message(template, params)


@dataclass(frozen=True)
class Problem:
    """One thing an author has to fix, at a place in a file."""

    path: str  # relative to the content root's parent: courses/<course>/...
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class TocEntry(NamedTuple):
    """A heading of a rendered text: its level (1-6), anchor id and plain text."""

    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Exercise:
    """An exercise of a lesson, rendered (lms.content.exercises)."""

    key: str  # slug of its title in the original file, the same in translations
    title: str
    kind: ExerciseKind
    options: tuple[str, ...]  # plain text; empty for a text exercise
    prompt_html: str
    answer_html: str


@dataclass(frozen=True, kw_only=True)
class LocalizedText:
    """The text of a course, module or lesson in one language."""

    language: str
    title: str
    summary: str  # always "" for lessons
    body_markdown: str
    html: str
    toc: tuple[TocEntry, ...]
    source_path: str
    # Lessons only; `html` holds a placeholder where each one goes.
    exercises: tuple[Exercise, ...] = ()
    # Lessons only: what a learner can do afterwards ("After this lesson you can").
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class _Localized:
    """Shared part of documents: the original language and every text by language.

    `texts` always holds the original language; the properties read from it.
    """

    language: str
    texts: Mapping[str, LocalizedText]

    def __post_init__(self) -> None:
        if self.language not in self.texts:
            raise ValueError(f"texts must hold the original language {self.language}")

    def text(self, language: str) -> LocalizedText:
        """The text in `language`, or the original when there is no translation."""
        return self.texts.get(language, self.texts[self.language])

    @property
    def original(self) -> LocalizedText:
        return self.texts[self.language]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.texts))

    @property
    def title(self) -> str:
        return self.original.title

    @property
    def summary(self) -> str:
        return self.original.summary

    @property
    def body_markdown(self) -> str:
        return self.original.body_markdown

    @property
    def html(self) -> str:
        return self.original.html

    @property
    def toc(self) -> tuple[TocEntry, ...]:
        return self.original.toc

    @property
    def source_path(self) -> str:
        return self.original.source_path


@dataclass(frozen=True, kw_only=True)
class LessonDoc(_Localized):
    """One lesson file and its translations."""

    slug: str
    position: int
    estimated_minutes: int | None
    content_hash: str


@dataclass(frozen=True, kw_only=True)
class ModuleDoc(_Localized):
    """A module folder: module.md (title, summary, intro as body) and its lessons."""

    slug: str
    position: int
    quiz: str | None
    lessons: tuple[LessonDoc, ...]
    content_hash: str


@dataclass(frozen=True, kw_only=True)
class CertificateSpec:
    """How certificates of a course are issued."""

    validity_days: int | None  # None: never expires
    template: str


@dataclass(frozen=True, kw_only=True)
class CompletionRule:
    """What a learner must do to earn the course's certificate."""

    lessons: bool = True
    module_quizzes: bool = True
    final_exam: bool = True


#: What `final_exam_after` may name: the parts a learner finishes before the exam.
EXAM_PREREQUISITES = ("lessons", "module_quizzes")


@dataclass(frozen=True, kw_only=True)
class ExamGate:
    """What a learner must finish before the final exam opens (`final_exam_after`)."""

    lessons: bool = True
    module_quizzes: bool = True


@dataclass(frozen=True, kw_only=True)
class LearningPath:
    """A role-based path through a course (`paths:` in course.md)."""

    id: str
    titles: Mapping[str, str]  # by language; always has the course language
    modules: tuple[str, ...]  # module slugs in course order (`all` expanded)
    final_exam: str | None  # the bank to pass; the course's when not given
    departments: tuple[str, ...] = ()  # whose department picks this path

    def title(self, language: str, default_language: str) -> str:
        return self.titles.get(language) or self.titles[default_language]


@dataclass(frozen=True)
class LexiconEntry:
    """One line of the lexicon: the unwanted phrase and the wanted one, by language."""

    unwanted: Mapping[str, str]
    wanted: Mapping[str, str]


@dataclass(frozen=True)
class RefresherSpec:
    """A course's refresher settings (`refresher:` in course.md)."""

    after_days: int = 14
    every_days: int = 14
    questions: int = 4
    pools: tuple[str, ...] = ()
    lexicon_lesson: str | None = None  # "<module>/<lesson>"
    lexicon: tuple[LexiconEntry, ...] = ()
    # Where the pools are named, so that sync can point at a pool problem.
    path: str = field(default="", compare=False)
    line: int = field(default=1, compare=False)


@dataclass(frozen=True, kw_only=True)
class CourseDoc(_Localized):
    """A course folder: course.md (intro as body) and its modules."""

    slug: str
    estimated_minutes: int
    published: bool
    final_exam: str | None
    certificate: CertificateSpec
    completion: CompletionRule = CompletionRule()
    exam_gate: ExamGate = ExamGate()
    modules: tuple[ModuleDoc, ...]
    content_hash: str
    paths: tuple[LearningPath, ...] = ()  # none: one implicit path of all modules
    refresher: RefresherSpec | None = None  # None: the course has no refresher
