"""Loading course folders into CourseDocs, reporting every problem with path:line."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lms.content import hashing
from lms.content.exercises.body import render_body
from lms.content.facts.filler import FactFiller
from lms.content.facts.sources import InstanceFacts, read_course_facts
from lms.content.fields import FieldReader, describe
from lms.content.links import LinkChecker, LinkTargets, href_line, link_targets
from lms.content.rules.completion import read_completion, read_exam_gate
from lms.content.rules.markup import markup_problems
from lms.content.rules.paths import TITLES_KEY, read_paths
from lms.content.rules.refresher import read_refresher
from lms.content.schema import (
    N_,
    CertificateSpec,
    CourseDoc,
    LessonDoc,
    LocalizedText,
    ModuleDoc,
    Problem,
)
from lms.content.source import SourceFile, read_source
from lms.content.tree import CourseTree, DocFiles, LessonEntry, ModuleEntry, scan_course

SUPPORTED_LANGUAGES = ("en", "de")
DEFAULT_TEMPLATE = "default"

_COURSE_KEYS = frozenset({
    "title", "summary", "language", "estimated_minutes", "published", "final_exam",
    "certificate", "completion", "final_exam_after", "paths", "facts", "refresher",
})  # fmt: skip
_CERTIFICATE_KEYS = frozenset({"validity_days", "template"})
_MODULE_KEYS = frozenset({"title", "summary", "quiz"})
_LESSON_KEYS = frozenset({"title", "estimated_minutes", "objectives"})
_TEMPLATE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def load_content(
    courses_root: Path,
    *,
    quiz_ids_by_course: Mapping[str, Collection[str]],
    supported_languages: Sequence[str] = SUPPORTED_LANGUAGES,
    instance: InstanceFacts | None = None,
) -> tuple[list[CourseDoc], list[Problem]]:
    """Load every course folder under `courses_root`; problems of all of them.

    A course with any problem is left out of the list; the others load.
    `instance` is the deployment's facts file, which overrides course facts.
    """
    courses_root = courses_root.absolute()
    display = courses_root.relative_to(courses_root.parent).as_posix()
    try:
        entries = sorted(courses_root.iterdir())
    except OSError as error:
        message = N_(
            "cannot read the courses folder: %(error)s",
            error=error.strerror or str(error),
        )
        return [], [Problem(display, 1, message)]
    courses: list[CourseDoc] = []
    problems: list[Problem] = []
    folders = [e for e in entries if not e.name.startswith(".") and e.is_dir()]
    if instance is not None:
        problems.extend(instance.unknown_courses({e.name for e in folders}))
    for entry in folders:
        course, found = load_course(
            entry,
            quiz_ids=quiz_ids_by_course.get(entry.name, ()),
            supported_languages=supported_languages,
            instance=instance,
        )
        problems.extend(found)
        if course is not None:
            courses.append(course)
    return courses, problems


def load_course(
    course_dir: Path,
    *,
    quiz_ids: Collection[str],
    supported_languages: Sequence[str] = SUPPORTED_LANGUAGES,
    instance: InstanceFacts | None = None,
    partial: bool = False,
) -> tuple[CourseDoc | None, list[Problem]]:
    """Load one course folder: the course, or None when there is any problem.

    With ``partial`` the course is returned even with problems, for previews: a
    broken file gives empty texts where it could not be read, the rest loads.
    """
    course_dir = course_dir.absolute()
    root = course_dir.parent.parent
    tree, problems = scan_course(course_dir, root, supported_languages)
    targets = link_targets(tree, course_dir.relative_to(root).as_posix())
    facts, found = read_course_facts(course_dir, root, supported_languages, instance)
    problems.extend(found)
    loader = _CourseLoader(root, targets, quiz_ids, supported_languages, problems)
    loader.fill.facts = facts
    course = loader.course(tree)
    return (course if partial or not problems else None), problems


@dataclass(frozen=True)
class _Kind:
    """What a course.md, module.md or lesson file may and must contain."""

    keys: frozenset[str]
    translation_keys: frozenset[str]
    summary: Literal["none", "optional", "required"]
    needs_body: bool
    objectives: bool = False


_COURSE = _Kind(
    _COURSE_KEYS,
    frozenset({"title", "summary", TITLES_KEY, "facts"}),
    "required",
    False,
)
_MODULE = _Kind(_MODULE_KEYS, frozenset({"title", "summary"}), "optional", False)
_LESSON = _Kind(
    _LESSON_KEYS, frozenset({"title", "objectives"}), "none", True, objectives=True
)


@dataclass(frozen=True)
class _Document:
    """One document's texts in every language."""

    texts: dict[str, LocalizedText]
    canonical: dict[str, str]  # canonical source by language, for the hash
    translations: dict[str, FieldReader]  # front matter of each translation


class _CourseLoader:
    """Reads one scanned course; every check appends to `problems`."""

    def __init__(
        self,
        root: Path,
        targets: LinkTargets,
        quiz_ids: Collection[str],
        languages: Sequence[str],
        problems: list[Problem],
    ) -> None:
        self.root = root
        self.targets = targets
        self.quiz_ids = quiz_ids
        self.languages = languages
        self.language = languages[0]  # the course's, once course.md is read
        self.problems = problems
        self.fill = FactFiller(problems)

    def course(self, tree: CourseTree) -> CourseDoc:
        source = self.read(tree.files.original)
        fields = self.fields(source)
        self.language = self.course_language(fields)
        doc = self.document(source, fields, tree.files, _COURSE)
        final_exam = self.quiz(fields, "final_exam")
        minutes = fields.optional_positive_int("estimated_minutes") if fields else None
        published = fields.boolean("published", default=False) if fields else False
        certificate = self.certificate(fields)
        completion = read_completion(fields, final_exam)
        exam_gate = read_exam_gate(fields, final_exam)
        modules = tuple(self.module(module) for module in tree.modules)
        lesson_minutes = sum(
            lesson.estimated_minutes or 0
            for module in modules
            for lesson in module.lessons
        )
        paths = read_paths(
            fields, doc.translations, modules, self.quiz_ids, final_exam, self.language
        )
        return CourseDoc(
            slug=tree.slug,
            language=self.language,
            texts=doc.texts,
            estimated_minutes=minutes or lesson_minutes,
            published=published,
            final_exam=final_exam,
            certificate=certificate,
            completion=completion,
            exam_gate=exam_gate,
            modules=modules,
            paths=paths,
            refresher=read_refresher(fields, modules, self.language),
            content_hash=hashing.course_hash(
                tree.slug, doc.canonical, [module.content_hash for module in modules]
            ),
        )

    def course_language(self, fields: FieldReader | None) -> str:
        language = fields.text("language", required=True) if fields else None
        if fields is None or language is None:
            return self.language
        if language not in self.languages:
            supported = ", ".join(self.languages)
            fields.report(
                "language",
                N_(
                    "language '%(language)s' is not supported; use one of: "
                    "%(supported)s",
                    language=language,
                    supported=supported,
                ),
            )
            return self.language
        return language

    def certificate(self, fields: FieldReader | None) -> CertificateSpec:
        if fields is None:
            return CertificateSpec(validity_days=None, template=DEFAULT_TEMPLATE)
        settings = fields.mapping("certificate", _CERTIFICATE_KEYS)
        validity = settings.get("validity_days")
        if validity is not None:
            validity = fields.positive_int("validity_days", validity, "certificate")
        template = settings.get("template", DEFAULT_TEMPLATE)
        if not isinstance(template, str) or not _TEMPLATE_NAME.fullmatch(template):
            fields.report(
                "template",
                N_(
                    "'certificate.template' must be a template name of lowercase "
                    "letters, digits, dashes and underscores like 'default', not "
                    "%(value)s",
                    value=describe(template),
                ),
                parent="certificate",
            )
            template = DEFAULT_TEMPLATE
        return CertificateSpec(
            validity_days=validity if isinstance(validity, int) else None,
            template=template,
        )

    def module(self, entry: ModuleEntry) -> ModuleDoc:
        source = self.read(entry.files.original)
        fields = self.fields(source)
        doc = self.document(source, fields, entry.files, _MODULE)
        quiz = self.quiz(fields, "quiz")
        lessons = tuple(self.lesson(lesson) for lesson in entry.lessons)
        return ModuleDoc(
            slug=entry.slug,
            position=entry.position,
            language=self.language,
            texts=doc.texts,
            quiz=quiz,
            lessons=lessons,
            content_hash=hashing.module_hash(
                entry.slug,
                entry.position,
                doc.canonical,
                [lesson.content_hash for lesson in lessons],
            ),
        )

    def lesson(self, entry: LessonEntry) -> LessonDoc:
        source = self.read(entry.files.original)
        fields = self.fields(source)
        doc = self.document(source, fields, entry.files, _LESSON)
        minutes = fields.optional_positive_int("estimated_minutes") if fields else None
        return LessonDoc(
            slug=entry.slug,
            position=entry.position,
            language=self.language,
            texts=doc.texts,
            estimated_minutes=minutes,
            content_hash=hashing.lesson_hash(entry.slug, entry.position, doc.canonical),
        )

    def document(
        self,
        source: SourceFile | None,
        fields: FieldReader | None,
        files: DocFiles,
        kind: _Kind,
    ) -> _Document:
        """Texts of the original (`source`, its `fields`) and its translations."""
        if fields is not None:
            fields.check_keys(kind.keys, translation=False)
        original = self.text(source, fields, self.language, kind, fallback=None)
        texts = {self.language: original}
        canonical = {self.language: self.fill.canonical(source, self.language)}
        readers: dict[str, FieldReader] = {}
        for language, path in sorted(files.translations.items()):
            translation = self.read(path)
            if translation is None:
                continue
            if language == self.language:
                message = N_(
                    "'.%(language)s.md' is a translation into the course "
                    "language '%(language)s'; the original is already in it",
                    language=language,
                )
                self.problems.append(Problem(translation.display, 1, message))
                continue
            reader = self.fields(translation)
            if reader is not None:
                reader.check_keys(kind.translation_keys, translation=True)
                readers[language] = reader
            texts[language] = self.text(
                translation, reader, language, kind, fallback=original
            )
            canonical[language] = self.fill.canonical(translation, language)
        return _Document(texts, canonical, readers)

    def text(
        self,
        source: SourceFile | None,
        fields: FieldReader | None,
        language: str,
        kind: _Kind,
        fallback: LocalizedText | None,
    ) -> LocalizedText:
        """One file's text, its body rendered and its links checked."""
        if source is None:  # unreadable: a placeholder, the problem is reported
            return LocalizedText(
                language=language, title="", summary="", body_markdown="", html="",
                toc=(), source_path="",
            )  # fmt: skip
        title = self.fill.key(fields, "title", language, required=True)
        summary = None
        if fields is not None and kind.summary != "none":
            is_original = fallback is None
            required = kind.summary == "required" and is_original
            summary = self.fill.key(fields, "summary", language, required=required)
        objectives: tuple[str, ...] = ()
        if kind.objectives:
            original = None if fallback is None else fallback.objectives
            objectives = self.fill.objectives(fields, language, original)
        filled = self.fill.text(source.body, language, source.display, source.body_line)
        if kind.needs_body and not source.body.strip():
            line = max(source.body_line - 1, 1)
            message = N_("the lesson has no text below the front matter")
            self.problems.append(Problem(source.display, line, message))
        folder = source.path.parent.relative_to(self.targets.course_dir).as_posix()
        checker = LinkChecker(self.targets, "" if folder == "." else folder)
        body = render_body(
            filled,
            source.body_line,
            checker,
            with_exercises=kind.needs_body,  # only lessons have exercises
            original=fallback.exercises if fallback else None,
        )
        self.problems.extend(Problem(source.display, n, m) for n, m in body.problems)
        self.problems.extend(
            Problem(source.display, n, m)
            for n, m in markup_problems(source.body, source.body_line)
        )
        for broken in checker.broken:
            line = source.body_line + href_line(
                source.body, broken.href, broken.occurrence
            )
            self.problems.append(Problem(source.display, line, broken.message))
        return LocalizedText(
            language=language,
            title=title or "",
            summary=summary or (fallback.summary if fallback else ""),
            body_markdown=source.body,
            html=body.rendered.html,
            toc=body.rendered.toc,
            source_path=source.display,
            exercises=body.exercises,
            objectives=objectives,
        )

    def quiz(self, fields: FieldReader | None, key: str) -> str | None:
        """The bank id under `key`, which must be a bank of this course."""
        quiz_id = fields.text(key) if fields else None
        if fields is None or quiz_id is None or quiz_id in self.quiz_ids:
            return quiz_id
        banks = ", ".join(sorted(self.quiz_ids)) or N_("none yet")
        fields.report(
            key,
            N_(
                "%(key)s '%(quiz)s' is not a question bank in "
                "quizzes/%(course)s/ (banks there: %(banks)s)",
                key=key,
                quiz=quiz_id,
                course=self.targets.course_slug,
                banks=banks,
            ),
        )
        return quiz_id

    def fields(self, source: SourceFile | None) -> FieldReader | None:
        if source is None or not source.meta_ok:
            return None
        return FieldReader(source.meta, source.text, source.display, self.problems)

    def read(self, path: Path | None) -> SourceFile | None:
        return read_source(path, self.root, self.problems) if path else None
