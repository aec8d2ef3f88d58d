"""What counts of a person's attempts, and statistics over a bank's attempts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Attempt, AttemptAnswer, Course, Person
from lms.quiz.engine.paper import decode
from lms.quiz.engine.review import official_result
from lms.quiz.engine.stats import GradedAnswer, QuestionStats, question_stats
from lms.quiz.quizzes import Quiz, course_attempts, find_quiz
from lms.quiz.store import bank_sets, current_quiz_set
from lms.session_memo import memoized


@dataclass(frozen=True)
class QuizStatus:
    attempts: int
    percent: float | None
    passed: bool
    open: bool


def quiz_statuses(
    session: Session, person: Person, course_id: int
) -> dict[str, QuizStatus]:
    """Per bank: what counts of this person's attempts (by the bank's grading
    rule); once per unit of work that writes nothing (lms.session_memo)."""
    return memoized(
        session,
        ("quiz_statuses", person.id, course_id),
        lambda: _statuses(session, person, course_id),
    )


def _statuses(
    session: Session, person: Person, course_id: int
) -> dict[str, QuizStatus]:
    rows = course_attempts(session, person.id, course_id)
    if not rows:
        return {}
    course = session.get(Course, course_id)
    if course is None:
        return {}
    banks = bank_sets(
        current_quiz_set(session, course_id), course.slug, course.language
    )
    by_bank: dict[str, list[Attempt]] = {}
    for attempt in rows:
        by_bank.setdefault(attempt.bank_id, []).append(attempt)
    statuses = {}
    for bank_id, attempts in by_bank.items():
        if bank_id not in banks:
            continue
        official = official_result(banks[bank_id].original.settings, attempts)
        statuses[bank_id] = QuizStatus(
            attempts=len(attempts),
            percent=official.percent if official else None,
            passed=bool(official and official.passed),
            open=any(a.submitted_at is None for a in attempts),
        )
    return statuses


def bank_statistics(
    session: Session, course_slug: str, bank_id: str, *, show_exam_only: bool = False
) -> tuple[Quiz, list[QuestionStats]]:
    """Statistics over every submitted attempt of a bank, on its current questions.

    Exam-only questions are left out unless ``show_exam_only`` (for the
    people who write the exam): others who see statistics may take the exam.
    """
    quiz = find_quiz(session, course_slug, bank_id)
    rows = session.execute(
        select(
            AttemptAnswer.attempt_id,
            AttemptAnswer.question_id,
            AttemptAnswer.points,
            AttemptAnswer.max_points,
            AttemptAnswer.response_json,
        )
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .where(
            Attempt.course_id == quiz.course.id,
            Attempt.bank_id == bank_id,
            Attempt.submitted_at.is_not(None),
        )
    ).all()
    questions = [
        q for q in quiz.banks.original.questions() if show_exam_only or not q.exam_only
    ]
    types = {q.id: q.type for q in questions}
    graded = [
        GradedAnswer(
            attempt=attempt_id,
            question_id=qid,
            fraction=(points or 0.0) / maximum if maximum else 0.0,
            response=decode(types.get(qid, ""), raw),
        )
        for attempt_id, qid, points, maximum, raw in rows
    ]
    return quiz, question_stats(questions, graded)
