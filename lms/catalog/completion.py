"""The completion rule of a course: lessons, module quizzes and the final exam."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.catalog.services import progress_for
from lms.catalog.structure import course_structure, find_course_ref
from lms.errors import NotFound
from lms.models import Attempt, Course, Module, Person
from lms.quiz.attempts import quiz_statuses


@dataclass(frozen=True)
class Completion:
    lessons_done: int
    lessons_total: int
    quizzes_missing: tuple[str, ...]
    final_exam: str | None
    final_passed: Attempt | None
    needs_lessons: bool = True
    needs_final_exam: bool = True

    @property
    def met(self) -> bool:
        return (
            (not self.needs_lessons or self.lessons_done >= self.lessons_total)
            and not self.quizzes_missing
            and (not self.needs_final_exam or self.final_passed is not None)
        )


def completion(session: Session, person: Person, course: Course) -> Completion:
    """The default rule: all lessons done, all quizzes and the final exam passed."""
    ref = find_course_ref(session, course.slug)
    if ref is None:
        raise NotFound("course")
    structure = course_structure(session, ref, person.language)
    progress = progress_for(session, person, structure)
    statuses = quiz_statuses(session, person, course.id)
    module_quizzes = session.scalars(
        select(Module.quiz).where(
            Module.course_id == course.id,
            Module.retired_at.is_(None),
            Module.quiz.is_not(None),
        )
    ).all()
    missing = tuple(
        q
        for q in module_quizzes
        if q
        and course.needs_module_quizzes
        and not (q in statuses and statuses[q].passed)
    )
    final_passed = None
    if course.final_exam:
        final_passed = session.scalar(
            select(Attempt)
            .where(
                Attempt.person_id == person.id,
                Attempt.course_id == course.id,
                Attempt.bank_id == course.final_exam,
                Attempt.passed.is_(True),
            )
            .order_by(Attempt.submitted_at.desc())
            .limit(1)
        )
    return Completion(
        progress.done,
        progress.total,
        missing,
        course.final_exam,
        final_passed,
        needs_lessons=course.needs_lessons,
        needs_final_exam=course.needs_final_exam and bool(course.final_exam),
    )
