"""Checking and syncing courses together with their question banks."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from lms.content.facts.placeholders import Facts
from lms.content.facts.sources import (
    InstanceFacts,
    read_course_facts,
    read_instance_facts,
)
from lms.content.frontmatter import split_front_matter
from lms.content.loader import SUPPORTED_LANGUAGES, load_content
from lms.content.rules.translations import missing_translations
from lms.content.sync import SyncReport, sync_courses
from lms.quiz.bank.cues import check_cues
from lms.quiz.bank.loader import BankSet, load_banks
from lms.quiz.bank.schema import Problem
from lms.quiz.store import sync_quiz_sets
from lms.sync.pools import pool_problems


def quiz_ids_by_course(quizzes_dir: Path) -> Mapping[str, Collection[str]]:
    """Bank ids per course folder, from the banks' front matter."""
    found: dict[str, set[str]] = {}
    if not quizzes_dir.is_dir():
        return found
    for course_dir in sorted(p for p in quizzes_dir.iterdir() if p.is_dir()):
        ids = found.setdefault(course_dir.name, set())
        for bank in course_dir.glob("*.md"):
            if bank.name.count(".") > 1:  # a translation, e.g. bank.de.md
                continue
            try:
                text = bank.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            meta, _body, _line, _problems = split_front_matter(text, str(bank))
            if isinstance(meta.get("id"), str):
                ids.add(str(meta["id"]))
    return found


def course_facts(
    courses_dir: Path, facts_file: Path | None
) -> tuple[InstanceFacts | None, dict[str, Facts], list[Problem]]:
    """The instance file (``LMS_COURSE_FACTS``), each course's effective facts,
    and the instance file's own problems (the rest are the course loader's)."""
    instance, problems = (
        read_instance_facts(facts_file, SUPPORTED_LANGUAGES)
        if facts_file is not None
        else (None, [])
    )
    facts: dict[str, Facts] = {}
    if courses_dir.is_dir():
        for folder in sorted(courses_dir.iterdir()):
            if folder.name.startswith(".") or not (folder / "course.md").is_file():
                continue
            facts[folder.name], _reported_by_loader = read_course_facts(
                folder.absolute(),
                courses_dir.absolute().parent,
                SUPPORTED_LANGUAGES,
                instance,
            )
    return instance, facts, problems


def translation_warnings(courses_dir: Path) -> list[Problem]:
    """Per course and language, the files without a translation (warnings: a
    learner reading that language sees the original)."""
    warnings: list[Problem] = []
    if not courses_dir.is_dir():
        return warnings
    for entry in sorted(p for p in courses_dir.iterdir() if p.is_dir()):
        if not entry.name.startswith("."):
            warnings += missing_translations(entry, SUPPORTED_LANGUAGES)
    return warnings


def item_warnings(banks: Mapping[str, Mapping[str, BankSet]]) -> list[Problem]:
    """The item-writing cues of every bank file, in each of its languages.

    A bank that includes others is checked in the banks it includes (its
    questions carry their own files' lines).
    """
    warnings: list[Problem] = []
    for course_banks in banks.values():
        for bank_set in course_banks.values():
            if bank_set.original.settings.include:
                continue
            files = {bank_set.original.path: bank_set.original}
            for bank in bank_set.by_language.values():
                files.setdefault(bank.path, bank)  # no translation: the original
            for bank in files.values():
                warnings.extend(check_cues(bank))
    return sorted(warnings, key=lambda w: (w.path, w.line, w.message))


def check_all(
    courses_dir: Path,
    quizzes_dir: Path,
    *,
    strict: bool = False,
    facts_file: Path | None = None,
) -> SyncReport:
    """Every problem of courses and banks, and the item-writing warnings (errors
    when ``strict``). Bank ids are read even from broken banks so that one broken
    bank is not also reported by each module using it. ``facts_file`` is the
    deployment's instance file of company facts (``LMS_COURSE_FACTS``)."""
    instance, facts, problems = course_facts(courses_dir, facts_file)
    courses, found = load_content(
        courses_dir,
        quiz_ids_by_course=quiz_ids_by_course(quizzes_dir),
        instance=instance,
    )
    problems += found
    banks, bank_problems = load_banks(quizzes_dir, facts)
    bank_problems += pool_problems(courses, banks)
    warnings = item_warnings(banks)
    if strict:
        return SyncReport(problems=_sorted(problems + bank_problems + warnings))
    return SyncReport(problems=_sorted(problems + bank_problems), warnings=warnings)


def _sorted(problems: list[Problem]) -> list[Problem]:
    """By file, then line: the order an author fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))


def sync_all(
    session: Session,
    courses_dir: Path,
    quizzes_dir: Path,
    now: datetime,
    *,
    strict: bool = False,
    facts_file: Path | None = None,
) -> SyncReport:
    """Check courses and banks; only when all is well, load them (caller commits).

    ``strict`` makes item-writing warnings block the sync like problems;
    ``facts_file`` is the instance file of company facts, as in `check_all`."""
    instance, facts, fact_problems = course_facts(courses_dir, facts_file)
    banks, bank_problems = load_banks(quizzes_dir, facts)
    courses, _problems = load_content(
        courses_dir,
        quiz_ids_by_course=quiz_ids_by_course(quizzes_dir),
        instance=instance,
    )
    bank_problems += pool_problems(courses, banks)
    warnings = item_warnings(banks)
    if fact_problems or bank_problems or (strict and warnings):
        return check_all(courses_dir, quizzes_dir, strict=strict, facts_file=facts_file)
    report = sync_courses(
        session,
        courses_dir,
        quiz_ids_by_course=quiz_ids_by_course(quizzes_dir),
        now=now,
        instance=instance,
    )
    if report.ok:
        report.quizzes_changed = sync_quiz_sets(session, quizzes_dir, now, facts)
    report.warnings = warnings
    return report
