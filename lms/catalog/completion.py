"""The completion rule of a course: lessons, module quizzes and the final exam."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.catalog.outline import LessonItem, ModuleItem
from lms.catalog.paths import parse_paths
from lms.catalog.services import completed_lessons, learning_path
from lms.catalog.structure import course_structure, find_course_ref
from lms.certify.issuing import issuer
from lms.certify.queries import current_certificate
from lms.certify.services import is_due
from lms.content.schema import LearningPath
from lms.errors import NotFound
from lms.models import Attempt, Certificate, Course, Person
from lms.quiz.attempts import quiz_statuses
from lms.quiz.gate import Missing


@dataclass(frozen=True)
class Completion:
    lessons_done: int
    lessons_total: int
    quizzes_missing: tuple[str, ...]
    final_exam: str | None
    final_passed: Attempt | None
    needs_lessons: bool = True
    needs_final_exam: bool = True
    path: LearningPath | None = None  # the person's path; None: the whole course

    @property
    def met(self) -> bool:
        return (
            (not self.needs_lessons or self.lessons_done >= self.lessons_total)
            and not self.quizzes_missing
            and (not self.needs_final_exam or self.final_passed is not None)
        )


@dataclass(frozen=True)
class Outstanding:
    """What a person has not finished of a course's lessons and module quizzes."""

    lessons_done: int
    lessons_total: int
    modules: tuple[ModuleItem, ...]  # all of the person's path, in course order
    lessons: tuple[tuple[ModuleItem, LessonItem], ...]  # not marked complete
    quizzes: tuple[ModuleItem, ...]  # modules whose quiz is not passed


def path_of(session: Session, person: Person, course: Course) -> LearningPath | None:
    """The person's learning path in the course (catalog.services.learning_path)."""
    ref = find_course_ref(session, course.slug)
    if ref is None or not parse_paths(course.paths_json):
        return None
    return learning_path(
        session, person, course_structure(session, ref, person.language)
    )


def final_exam_of(course: Course, path: LearningPath | None) -> str | None:
    """The final exam the path requires (the course's without a path)."""
    return path.final_exam if path is not None else course.final_exam


def outstanding(
    session: Session,
    person: Person,
    course: Course,
    path: LearningPath | None = None,
) -> Outstanding:
    """The one count of unfinished lessons and module quizzes of the person's
    path (all modules without one), in course order."""
    ref = find_course_ref(session, course.slug)
    if ref is None:
        raise NotFound("course")
    structure = course_structure(session, ref, person.language)
    completed = completed_lessons(session, person, structure)
    statuses = quiz_statuses(session, person, course.id)
    modules = structure.path_modules(path)
    lessons = [lesson for module in modules for lesson in module.lessons]
    return Outstanding(
        sum(1 for lesson in lessons if lesson.id in completed),
        len(lessons),
        modules,
        tuple(
            (module, lesson)
            for module in modules
            for lesson in module.lessons
            if lesson.id not in completed
        ),
        tuple(
            module
            for module in modules
            if module.quiz
            and not (module.quiz in statuses and statuses[module.quiz].passed)
        ),
    )


def completion(session: Session, person: Person, course: Course) -> Completion:
    """The default rule for the person's path: all its lessons done, its module
    quizzes and its final exam passed."""
    path = path_of(session, person, course)
    left = outstanding(session, person, course, path)
    missing = tuple(
        module.quiz
        for module in left.quizzes
        if module.quiz and course.needs_module_quizzes
    )
    final_exam = final_exam_of(course, path)
    final_passed = None
    if final_exam:
        final_passed = session.scalar(
            select(Attempt)
            .where(
                Attempt.person_id == person.id,
                Attempt.course_id == course.id,
                Attempt.bank_id == final_exam,
                Attempt.passed.is_(True),
            )
            .order_by(Attempt.submitted_at.desc())
            .limit(1)
        )
    return Completion(
        left.lessons_done,
        left.lessons_total,
        missing,
        final_exam,
        final_passed,
        needs_lessons=course.needs_lessons,
        needs_final_exam=course.needs_final_exam and bool(final_exam),
        path=path,
    )


def exam_gate(
    session: Session, person: Person, course: Course, bank_id: str | None = None
) -> tuple[Missing, ...]:
    """What the course's `final_exam_after` still requires before the final exam
    (bank_id: of a path; the person's own): unfinished lessons, then the quiz
    if not passed, module by module, of the path whose final exam it is."""
    if not course.final_exam or not (
        course.exam_after_lessons or course.exam_after_module_quizzes
    ):
        return ()
    path = path_of(session, person, course)
    if bank_id is not None and final_exam_of(course, path) != bank_id:
        path = next(
            (p for p in parse_paths(course.paths_json) if p.final_exam == bank_id),
            path,
        )
    left = outstanding(session, person, course, path)
    lessons = left.lessons if course.exam_after_lessons else ()
    quizzes = left.quizzes if course.exam_after_module_quizzes else ()
    missing: list[Missing] = []
    for module in left.modules:
        missing.extend(
            Missing("lesson", lesson.title, module.title, lesson_url=lesson.url)
            for owner, lesson in lessons
            if owner is module
        )
        if module in quizzes:
            missing.append(
                Missing("quiz", module.title, module.title, bank=module.quiz)
            )
    return tuple(missing)


def missing_before_exam(
    _sender: object,
    *,
    session: Session,
    person: Person,
    course_id: int,
    bank_id: str | None = None,
) -> tuple[Missing, ...]:
    """Receiver of ``lms.events.exam_requirements`` (connected by the app factory)."""
    course = session.get(Course, course_id)
    return exam_gate(session, person, course, bank_id) if course is not None else ()


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
