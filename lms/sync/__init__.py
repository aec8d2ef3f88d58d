"""Checking and syncing courses together with their question banks."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from lms.content.frontmatter import split_front_matter
from lms.content.loader import load_content
from lms.content.sync import SyncReport, sync_courses
from lms.quiz.bank.loader import load_banks
from lms.quiz.store import sync_quiz_sets


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


def check_all(courses_dir: Path, quizzes_dir: Path) -> SyncReport:
    """Every problem of courses and banks; bank ids are read even from broken banks
    so that one broken bank is not also reported by each module using it."""
    _courses, problems = load_content(
        courses_dir, quiz_ids_by_course=quiz_ids_by_course(quizzes_dir)
    )
    _banks, bank_problems = load_banks(quizzes_dir)
    return SyncReport(problems=problems + bank_problems)


def sync_all(
    session: Session, courses_dir: Path, quizzes_dir: Path, now: datetime
) -> SyncReport:
    """Check courses and banks; only when all is well, load them (caller commits)."""
    _banks, bank_problems = load_banks(quizzes_dir)
    if bank_problems:
        return check_all(courses_dir, quizzes_dir)
    report = sync_courses(
        session,
        courses_dir,
        quiz_ids_by_course=quiz_ids_by_course(quizzes_dir),
        now=now,
    )
    if report.ok:
        report.quizzes_changed = sync_quiz_sets(session, quizzes_dir, now)
    return report
