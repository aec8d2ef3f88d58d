"""A learner's own answers to a lesson's exercises: checking, saving, reading them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.catalog.services import readable_lesson
from lms.content.schema import Exercise
from lms.db import insert_statement
from lms.errors import NotFound, ValidationError
from lms.models import ExerciseAnswer, Person

MAX_ANSWER_LENGTH = 2000


@dataclass(frozen=True)
class SavedAnswer:
    """What a learner answered: an option's index or a text."""

    choice: int | None
    text: str
    saved_at: datetime


def check_answer(
    exercise: Exercise, choice: str | None, text: str | None
) -> tuple[int | None, str]:
    """The answer to store, as (option index, text); ValidationError when empty."""
    if exercise.kind == "choice":
        index = int(choice) if choice and choice.isdecimal() else -1
        if not 0 <= index < len(exercise.options):
            raise ValidationError(
                str(_l("Choose one of the options before you save.")), "choice"
            )
        return index, ""
    answer = (text or "").replace("\r\n", "\n").strip()
    if not answer:
        raise ValidationError(
            str(_l("Write your answer in the box before you save it.")), "text"
        )
    if len(answer) > MAX_ANSWER_LENGTH:
        raise ValidationError(
            str(
                _l(
                    "Your answer has %(count)d characters; shorten it to "
                    "%(limit)d at most.",
                    count=len(answer),
                    limit=MAX_ANSWER_LENGTH,
                )
            ),
            "text",
        )
    return None, answer


def find_exercise(
    session: Session,
    person: Person,
    course_slug: str,
    module_slug: str,
    lesson_slug: str,
    key: str,
) -> tuple[int, Exercise]:
    """(lesson id, exercise) of a lesson the person may read, else NotFound.

    The same check as the lesson page: a published, live course and lesson.
    """
    found = readable_lesson(session, person, course_slug, module_slug, lesson_slug)
    exercise = next((e for e in found.content.exercises if e.key == key), None)
    if exercise is None:
        raise NotFound(_l("There is no such exercise."))
    return found.lesson_id, exercise


def save_answer(
    session: Session,
    person: Person,
    course_slug: str,
    module_slug: str,
    lesson_slug: str,
    key: str,
    *,
    choice: str | None,
    text: str | None,
    now: datetime,
) -> Exercise:
    """Store the person's answer to an exercise, replacing an earlier one."""
    lesson_id, exercise = find_exercise(
        session, person, course_slug, module_slug, lesson_slug, key
    )
    index, answer = check_answer(exercise, choice, text)
    values = {"choice": index, "text": answer, "saved_at": now}
    # One row per person and exercise, also when two tabs save at once.
    statement = (
        insert_statement(session, ExerciseAnswer)
        .values(person_id=person.id, lesson_id=lesson_id, exercise_key=key, **values)
        .on_conflict_do_update(
            index_elements=["person_id", "lesson_id", "exercise_key"], set_=values
        )
    )
    session.execute(statement)
    return exercise


def saved_answers(
    session: Session, person_id: int, lesson_id: int
) -> dict[str, SavedAnswer]:
    """The person's answers to the exercises of a lesson, by exercise key."""
    rows = session.execute(
        select(
            ExerciseAnswer.exercise_key,
            ExerciseAnswer.choice,
            ExerciseAnswer.text,
            ExerciseAnswer.saved_at,
        ).where(
            ExerciseAnswer.person_id == person_id,
            ExerciseAnswer.lesson_id == lesson_id,
        )
    )
    return {
        key: SavedAnswer(choice, text, saved_at) for key, choice, text, saved_at in rows
    }
