"""Demo learning activity: lesson progress and graded quiz attempts for one assignment.

Attempts are drawn and graded with the real quiz code (draw_questions,
grade_attempt), so the stored answers, points and pass marks agree with what
the quiz pages and the certificate rule would have produced.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Course, Lesson, Module
from lms.quiz.bank.loader import BankSet
from lms.quiz.bank.schema import Question
from lms.quiz.bank.types import handler_for
from lms.quiz.engine.draw import draw_questions, drawn_questions
from lms.quiz.engine.grading import Response, Score, grade_attempt
from lms.quiz.engine.paper import encode
from lms.quiz.store import bank_sets, current_quiz_set

COMPLETED_SHARE = 0.6
IN_PROGRESS_SHARE = 0.2  # the rest has not started
FAILED_FIRST_SHARE = 0.2
MAX_DAYS_TO_COMPLETE = 90


@dataclass(frozen=True)
class CourseInfo:
    """What the demo needs of one published course, read once."""

    course: Course
    titles: Mapping[str, str]
    lesson_ids: tuple[int, ...]
    module_quizzes: tuple[str, ...]
    quiz_set_id: int
    quiz_version: str
    banks: Mapping[str, BankSet]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles[self.course.language]


def course_infos(session: Session) -> list[CourseInfo]:
    """Every published, live course with its lessons and quizzes."""
    infos = []
    courses = session.scalars(
        select(Course)
        .where(Course.published, Course.retired_at.is_(None))
        .order_by(Course.slug)
    ).all()
    for course in courses:
        lessons = session.scalars(
            select(Lesson.id)
            .join(Module, Module.id == Lesson.module_id)
            .where(
                Module.course_id == course.id,
                Module.retired_at.is_(None),
                Lesson.retired_at.is_(None),
            )
            .order_by(Module.position, Lesson.position)
        ).all()
        quizzes = session.scalars(
            select(Module.quiz)
            .where(
                Module.course_id == course.id,
                Module.retired_at.is_(None),
                Module.quiz.is_not(None),
            )
            .order_by(Module.position)
        ).all()
        quiz_set = current_quiz_set(session, course.id)
        banks = bank_sets(quiz_set, course.slug, course.language)
        infos.append(
            CourseInfo(
                course=course,
                titles={text.language: text.title for text in course.texts},
                lesson_ids=tuple(lessons),
                module_quizzes=tuple(q for q in quizzes if q and q in banks),
                quiz_set_id=quiz_set.id,
                quiz_version=quiz_set.version,
                banks=banks,
            )
        )
    return infos


@dataclass
class PlannedAttempt:
    row: dict[str, object]  # an Attempt row, without its id
    answers: list[dict[str, object]]  # AttemptAnswer rows, without attempt_id
    submitted_at: datetime
    percent: float
    passed: bool


@dataclass
class Plan:
    """What one person did in one assigned course."""

    progress: list[dict[str, object]] = field(default_factory=list)
    attempts: list[PlannedAttempt] = field(default_factory=list)
    completed_at: datetime | None = None  # when the final requirement was met
    score_percent: float | None = None


def right_response(question: Question) -> Response:
    """A response that earns full points."""
    return handler_for(question.type).key_response(question)


def wrong_response(question: Question, rng: random.Random) -> Response:
    """A plausible wrong answer, or none at all."""
    return handler_for(question.type).wrong_response(question, rng)


def _moment(
    day: date, rng: random.Random, earliest: int = 8, latest: int = 17
) -> datetime:
    minutes = rng.randint(earliest * 60, latest * 60)
    return datetime.combine(day, time.min, UTC) + timedelta(minutes=minutes)


def _attempt(
    info: CourseInfo,
    bank_id: str,
    person: tuple[int, str],
    number: int,
    started_at: datetime,
    want_pass: bool,
    rng: random.Random,
) -> PlannedAttempt:
    person_id, language = person
    bank_set = info.banks[bank_id]
    bank = bank_set.for_language(language)
    # As start_attempt does: the learner's language where a translation exists.
    attempt_language = (
        language if language in bank_set.by_language else info.course.language
    )
    seed = rng.randrange(2**31)
    questions = [d.question for d in drawn_questions(draw_questions(bank, seed))]
    skill = 0.95 if want_pass else 0.3
    responses = {
        q.id: right_response(q) if rng.random() < skill else wrong_response(q, rng)
        for q in questions
    }
    scores: dict[str, Score] = {}
    points, maximum, percent = grade_attempt(questions, responses, scores)
    if want_pass and percent < bank.settings.pass_mark - 1e-9:
        responses = {q.id: right_response(q) for q in questions}
        points, maximum, percent = grade_attempt(questions, responses, scores)
    limit = bank.settings.time_limit_minutes
    minutes = rng.randint(3, 20) if not limit else rng.randint(1, max(1, limit - 1))
    submitted_at = started_at + timedelta(minutes=minutes)
    passed = percent >= bank.settings.pass_mark - 1e-9
    row: dict[str, object] = {
        "public_id": secrets.token_urlsafe(16),
        "person_id": person_id,
        "course_id": info.course.id,
        "bank_id": bank_id,
        "number": number,
        "quiz_set_id": info.quiz_set_id,
        "content_hash": info.quiz_version,
        "language": attempt_language,
        "seed": seed,
        "started_at": started_at,
        "deadline_at": started_at + timedelta(minutes=limit) if limit else None,
        "submitted_at": submitted_at,
        "finished_by": "learner",
        "points": points,
        "max_points": maximum,
        "percent": percent,
        "passed": passed,
    }
    answers: list[dict[str, object]] = [
        {
            "question_id": q.id,
            "response_json": encode(responses[q.id]),
            "saved_at": submitted_at,
            "points": scores[q.id].points,
            "max_points": scores[q.id].max_points,
        }
        for q in questions
    ]
    return PlannedAttempt(row, answers, submitted_at, percent, passed)


def _take(
    info: CourseInfo,
    bank_id: str,
    person: tuple[int, str],
    day: date,
    must_pass: bool,
    rng: random.Random,
    plan: Plan,
) -> PlannedAttempt:
    """One or two attempts at a quiz on ``day``; the last one passes if must_pass."""
    settings = info.banks[bank_id].original.settings
    retries_allowed = settings.attempts is None or settings.attempts >= 2
    fail_first = retries_allowed and rng.random() < FAILED_FIRST_SHARE
    started_at = _moment(day, rng, 8, 12)
    number = 1
    attempt = _attempt(info, bank_id, person, number, started_at, False, rng)
    if not fail_first or attempt.passed:
        attempt = _attempt(info, bank_id, person, number, started_at, must_pass, rng)
    plan.attempts.append(attempt)
    if must_pass and not attempt.passed:
        pause = settings.delay_minutes + rng.randint(5, 60)
        again = attempt.submitted_at + timedelta(minutes=pause)
        attempt = _attempt(info, bank_id, person, number + 1, again, True, rng)
        plan.attempts.append(attempt)
    return attempt


def plan_assignment(
    info: CourseInfo,
    person: tuple[int, str],
    assigned_on: date,
    today: date,
    rng: random.Random,
) -> Plan:
    """Completed (about 60 %), in progress (20 %) or not started, all before today."""
    plan = Plan()
    days_open = (today - assigned_on).days - 1  # nothing happens today
    chance = rng.random()
    lessons = info.lesson_ids
    if days_open < 1 or chance >= COMPLETED_SHARE + IN_PROGRESS_SHARE:
        return plan
    person_id = person[0]
    completing = chance < COMPLETED_SHARE
    if completing:
        last_day = assigned_on + timedelta(
            days=rng.randint(1, min(days_open, MAX_DAYS_TO_COMPLETE))
        )
        done = len(lessons)
    else:
        last_day = assigned_on + timedelta(days=rng.randint(0, days_open))
        done = rng.randint(0, max(0, len(lessons) - 1))
    span = (last_day - assigned_on).days
    for position, lesson_id in enumerate(lessons[: done + (0 if completing else 1)]):
        day = assigned_on + timedelta(days=span * position // max(1, len(lessons)))
        viewed = _moment(day, rng)
        plan.progress.append(
            {
                "person_id": person_id,
                "lesson_id": lesson_id,
                "first_viewed_at": viewed,
                "last_viewed_at": viewed + timedelta(minutes=rng.randint(2, 15)),
                "completed_at": viewed + timedelta(minutes=rng.randint(2, 15))
                if position < done
                else None,
            }
        )
    if completing:
        for bank_id in info.module_quizzes:
            _take(info, bank_id, person, last_day, True, rng, plan)
        final = info.course.final_exam
        if final and final in info.banks:
            plan.score_percent = _take(
                info, final, person, last_day, True, rng, plan
            ).percent
        ends = [a.submitted_at for a in plan.attempts] + [
            row["completed_at"] for row in plan.progress
        ]
        finished = max(end for end in ends if isinstance(end, datetime))
        plan.completed_at = finished + timedelta(minutes=1)
    elif info.module_quizzes and done and rng.random() < 0.5:
        _take(info, info.module_quizzes[0], person, last_day, False, rng, plan)
    return plan
