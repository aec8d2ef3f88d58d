"""Question banks in the database: one immutable quiz set per course version."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.caches import cached
from lms.content.facts.placeholders import Facts
from lms.content.hashing import digest
from lms.errors import NotFound
from lms.models import Course, CourseQuizzes, QuizSet
from lms.quiz.bank.facts import fill_bank_sources
from lms.quiz.bank.loader import BankSet, build_course_banks, read_course_sources
from lms.session_memo import memoized


def sync_quiz_sets(
    session: Session,
    quizzes_dir: Path,
    now: datetime,
    facts: Mapping[str, Facts] | None = None,
) -> list[str]:
    """Store each course's bank files as a quiz set, if changed; return course slugs.

    The files are stored with the course's `facts` filled in, so a changed
    value makes a new quiz set.
    """
    changed: list[str] = []
    courses = {c.slug: c for c in session.scalars(select(Course))}
    if not quizzes_dir.is_dir():
        return changed
    for folder in sorted(p for p in quizzes_dir.iterdir() if p.is_dir()):
        course = courses.get(folder.name)
        if course is None:
            continue
        sources, _problems = read_course_sources(folder, quizzes_dir)
        course_facts = (facts or {}).get(folder.name)
        if course_facts is not None:  # checked before the sync
            shown = folder.relative_to(quizzes_dir.parent).as_posix()
            sources, _problems = fill_bank_sources(sources, course_facts, shown)
        version = digest(f"{name}\n{text}" for name, text in sorted(sources.items()))
        quiz_set = session.scalar(
            select(QuizSet).where(
                QuizSet.course_id == course.id, QuizSet.version == version
            )
        )
        if quiz_set is None:
            quiz_set = QuizSet(
                course_id=course.id,
                version=version,
                files_json=json.dumps(sources, sort_keys=True),
                created_at=now,
            )
            session.add(quiz_set)
            session.flush()
        current = session.get(CourseQuizzes, course.id)
        if current is None:
            session.add(CourseQuizzes(course_id=course.id, quiz_set_id=quiz_set.id))
            changed.append(course.slug)
        elif current.quiz_set_id != quiz_set.id:
            current.quiz_set_id = quiz_set.id
            changed.append(course.slug)
    session.flush()
    return changed


def current_quiz_set(session: Session, course_id: int) -> QuizSet:
    """The quiz set the course serves (its files load only when parsed); once
    per unit of work that writes nothing (lms.session_memo)."""

    def read() -> QuizSet | None:
        return session.scalar(
            select(QuizSet)
            .join(CourseQuizzes, CourseQuizzes.quiz_set_id == QuizSet.id)
            .where(CourseQuizzes.course_id == course_id)
        )

    row = memoized(session, ("current_quiz_set", course_id), read)
    if row is None:
        raise NotFound("this course has no quizzes")
    return row


def bank_sets(
    quiz_set: QuizSet, course_slug: str, language: str
) -> Mapping[str, BankSet]:
    """The set's parsed banks (see parsed_banks)."""
    return parsed_banks(
        (quiz_set.id, quiz_set.version, course_slug, language),
        lambda: quiz_set.files_json,
    )


def parsed_banks(
    key: tuple[int, str, str, str], files_json: Callable[[], str]
) -> Mapping[str, BankSet]:
    """The banks of quiz set ``key`` = (id, version, course slug, course
    language). A quiz set never changes and its version is the digest of its
    files, so each is parsed (and its files, a deferred column, read) once per
    application."""

    def build() -> Mapping[str, BankSet]:
        sources = json.loads(files_json())
        banks, _problems = build_course_banks(sources, f"quizzes/{key[2]}", key[3])
        return banks

    return cached("quiz.banks", 64, key, build)


def find_bank(quiz_set: QuizSet, course: Course, bank_id: str) -> BankSet:
    banks = bank_sets(quiz_set, course.slug, course.language)
    if bank_id not in banks:
        raise NotFound("there is no such quiz")
    return banks[bank_id]
