"""The completion rule of a course: lessons, module quizzes and the final exam."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.catalog.services import progress_for
from lms.catalog.structure import course_structure, find_course_ref
from lms.certify.issuing import issuer
from lms.certify.queries import current_certificate
from lms.certify.services import is_due
from lms.errors import NotFound
from lms.models import Attempt, Certificate, Course, Module, Person
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


def issue_if_due(
    session: Session, person: Person, course_id: int, now: datetime
) -> Certificate | None:
    """The one step that issues a certificate, called after a write that can meet
    the rule (adds and flushes; the request commits).

    Those writes are marking a lesson complete and ending an attempt (submitting
    it, or settling one whose time ran out: the quiz announces it through
    ``lms.events.attempt_ended``, see ``issue_after_attempt``). No GET issues: an
    attempt settled during a GET is issued by the course page's "Get your
    certificate" button, a POST.
    """
    course = session.get(Course, course_id)
    if course is None or not course.published:
        return None
    return issuer().issue(
        session, person, course, completion(session, person, course), now
    )


def issue_after_attempt(
    _sender: object, *, session: Session, person: Person, course_id: int, now: datetime
) -> Certificate | None:
    """Receiver of ``lms.events.attempt_ended`` (connected by the app factory)."""
    return issue_if_due(session, person, course_id, now)


def claimable(session: Session, person: Person, course: Course) -> bool:
    """Whether the course page offers the button that issues an earned certificate.

    Only needed when the rule was met during a GET; every POST that can meet the
    rule issues at once. The same test as issuing itself (certify.services.is_due).
    """
    if not course.published:
        return False
    current = current_certificate(session, person.id, course.id)
    return is_due(completion(session, person, course), current)
