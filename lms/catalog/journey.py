"""A learner's player of a course from the database (lms.catalog.player), and
what the quiz's result page offers next (answering lms.events.next_step)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy.orm import Session, lazyload

from lms.catalog import services
from lms.catalog.completion import completion, exam_gate, final_exam_of, path_of
from lms.catalog.outline import CourseStructure
from lms.catalog.player import Player, StepKind, build_player, quiz_key
from lms.catalog.structure import course_structure, find_course_ref
from lms.models import Course, Person
from lms.quiz.attempts import quiz_statuses
from lms.quiz.gate import Continuation, Missing, NextStep


def player_for(session: Session, person: Person, structure: CourseStructure) -> Player:
    """The person's player of a (published, live) course."""
    # the course's settings only: its texts are in the structure already
    course = session.get(Course, structure.id, options=[lazyload(Course.texts)])
    if course is None:
        raise LookupError(structure.slug)
    completed, last = services.lesson_marks(session, person, structure)
    needs: set[StepKind] = set()
    if course.needs_lessons:
        needs.add("lesson")
    if course.needs_module_quizzes:
        needs.add("quiz")
    if course.needs_final_exam:
        needs.add("exam")
    slug = structure.slug
    return build_player(
        structure,
        completed,
        quiz_statuses(session, person, course.id),
        services.learning_path(session, person, structure),
        exam_gate(session, person, course),
        lambda bank: url_for("quiz.overview", course=slug, bank=bank),
        last_viewed=last,
        needs=frozenset(needs),
    )


def course_player(
    session: Session, person: Person, slug: str
) -> tuple[CourseStructure, services.Progress, Player]:
    """A course (NotFound for an unknown one), the person's progress and player."""
    structure, progress = services.course_overview(session, person, slug)
    return structure, progress, player_for(session, person, structure)


def my_players(
    session: Session, person: Person
) -> list[tuple[CourseStructure, services.Progress, Player]]:
    """My courses (catalog.services.my_courses), each with its player."""
    return [
        (structure, progress, player_for(session, person, structure))
        for structure, progress in services.my_courses(session, person)
    ]


def continuation_after(
    _sender: object,
    *,
    session: Session,
    person: Person,
    course_id: int,
    bank_id: str,
) -> Continuation | None:
    """Receiver of ``lms.events.next_step``: what follows a quiz for the person."""
    course = session.get(Course, course_id)
    ref = find_course_ref(session, course.slug) if course is not None else None
    if course is None or ref is None:
        return None
    structure = course_structure(session, ref, person.language)
    player = player_for(session, person, structure)
    after = player.after(quiz_key(bank_id))
    if player.current is not None and (after is None or after.finished):
        after = player.current
    rule = completion(session, person, course)
    exam = final_exam_of(course, path_of(session, person, course))
    missing: tuple[Missing, ...] = ()
    if bank_id == exam and not rule.met:
        missing = tuple(
            Missing("lesson", s.title, s.module.title, lesson_url=s.url)
            if s.kind == "lesson" and s.module is not None
            else Missing("quiz", s.title, s.title, bank=s.key.removeprefix("quiz:"))
            for s in player.steps
            if s.required and not s.finished and s.kind != "exam"
        )
    return Continuation(
        next=NextStep(after.kind, after.title, after.url) if after else None,
        complete=rule.met,
        completion_url=url_for("catalog.completed", course=course.slug),
        missing=missing,
    )
