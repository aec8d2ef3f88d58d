"""Ending an attempt: deadlines, and grading it once with `grade_attempt`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.db import write_step
from lms.errors import NotFound
from lms.models import Attempt, AttemptAnswer, Course, QuizSet
from lms.quiz.bank.schema import Bank
from lms.quiz.engine.draw import DrawnItem, draw_questions, drawn_questions
from lms.quiz.engine.grading import Response, Score, grade_attempt
from lms.quiz.engine.paper import decode
from lms.quiz.quizzes import course_attempts
from lms.quiz.store import parsed_banks

# Answers that arrive this long after the deadline still count: the request
# may have left the browser in time.
SAVE_GRACE = timedelta(seconds=10)


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    return (
        attempt.submitted_at is None
        and attempt.deadline_at is not None
        and now > attempt.deadline_at + SAVE_GRACE
    )


def attempt_bank(session: Session, attempt: Attempt) -> Bank:
    """The bank the attempt was drawn from, in the attempt's language: one
    query of four columns (the parsed set is kept, lms.quiz.store)."""
    row = session.execute(
        select(QuizSet.id, QuizSet.version, Course.slug, Course.language)
        .join(Course, Course.id == QuizSet.course_id)
        .where(QuizSet.id == attempt.quiz_set_id, Course.id == attempt.course_id)
    ).first()
    if row is None:
        raise NotFound(_l("There is no such attempt."))
    banks = parsed_banks(
        (row[0], row[1], row[2], row[3]),
        lambda: session.scalars(
            select(QuizSet.files_json).where(QuizSet.id == attempt.quiz_set_id)
        ).one(),
    )
    return banks[attempt.bank_id].for_language(attempt.language)


def seen_at_start(attempt: Attempt) -> frozenset[str]:
    """The question ids the attempt's draw avoided (stored when it started)."""
    if attempt.seen_json is None:
        return frozenset()
    return frozenset(json.loads(attempt.seen_json))


def drawn_items(session: Session, attempt: Attempt) -> tuple[Bank, list[DrawnItem]]:
    """The attempt's draw, replayed from its stored seed and seen ids."""
    bank = attempt_bank(session, attempt)
    return bank, draw_questions(bank, attempt.seed, seen_at_start(attempt))


def shown_questions(session: Session, person_id: int, course_id: int) -> set[str]:
    """Every question id the person was shown in the course's attempts so far.

    A question counts as shown once it was drawn into an attempt, whatever
    bank (practice quiz or exam) and whether answered or not.
    """
    shown: set[str] = set()
    for attempt in course_attempts(session, person_id, course_id):
        _bank, items = drawn_items(session, attempt)
        shown.update(drawn.question.id for drawn in drawn_questions(items))
    return shown


def finalize(session: Session, attempt: Attempt, now: datetime, by: str) -> None:
    """Grade once: the conditional UPDATE lets exactly one request through.

    A page view (GET) that finds the attempt overdue settles it in a write step
    of its own; a POST settles it within its transaction.
    """
    with write_step(session):
        ended = (
            min(now, attempt.deadline_at)
            if attempt.deadline_at and by == "deadline"
            else now
        )
        claimed = session.execute(
            update(Attempt)
            .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
            .values(submitted_at=ended, finished_by=by)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            session.refresh(attempt)
            return
        session.refresh(attempt)
        bank, items = drawn_items(session, attempt)
        questions = [drawn.question for drawn in drawn_questions(items)]
        rows = {a.question_id: a for a in attempt.answers}
        responses: dict[str, Response] = {
            q.id: decode(q.type, rows[q.id].response_json)
            for q in questions
            if q.id in rows
        }
        scores: dict[str, Score] = {}
        points, max_points, percent = grade_attempt(items, responses, scores)
        for question in questions:
            row = rows.get(question.id)
            if row is None:
                row = AttemptAnswer(
                    question_id=question.id, response_json="null", saved_at=now
                )
                attempt.answers.append(row)
            score = scores[question.id]
            row.points, row.max_points = score.points, score.max_points
        attempt.points, attempt.max_points, attempt.percent = (
            points,
            max_points,
            percent,
        )
        attempt.passed = percent >= bank.settings.pass_mark - 1e-9
        session.flush()


def settle_overdue(session: Session, now: datetime) -> list[Attempt]:
    """End every attempt whose time ran out (the worker runs this on a schedule,
    so no attempt waits for its learner's next page view); the attempts ended."""
    candidates = session.scalars(
        select(Attempt).where(
            Attempt.submitted_at.is_(None),
            Attempt.deadline_at.is_not(None),
            Attempt.deadline_at < now - SAVE_GRACE,
        )
    ).all()
    ended = []
    for attempt in candidates:
        if is_overdue(attempt, now):
            finalize(session, attempt, now, "deadline")
            if attempt.finished_by == "deadline":
                ended.append(attempt)
    return ended
