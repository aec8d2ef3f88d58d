"""Attempt services: start, resume, save answers, submit, finalize overdue attempts."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.errors import LmsError, NotFound
from lms.models import Attempt, AttemptAnswer, Course, Module, Person, QuizSet
from lms.quiz.bank.loader import BankSet
from lms.quiz.bank.schema import Bank
from lms.quiz.engine.draw import (
    DrawnItem,
    DrawnQuestion,
    draw_questions,
    drawn_questions,
)
from lms.quiz.engine.grading import InvalidResponse, grade_question
from lms.quiz.engine.paper import (
    IncompleteOrder,
    QuestionView,
    check_response,
    decode,
    encode,
    paper,
    questions_of,
    response_from_fields,
    unknown_fields,
)
from lms.quiz.engine.stats import GradedAnswer, QuestionStats, question_stats
from lms.quiz.store import bank_sets, current_quiz_set

# Answers that arrive this long after the deadline still count: the request
# may have left the browser in time.
SAVE_GRACE = timedelta(seconds=10)


class AttemptRefused(LmsError):
    """A new attempt is not allowed now: all used (``not_before`` None) or too soon."""

    def __init__(
        self, allowed_attempts: int | None, not_before: datetime | None
    ) -> None:
        self.allowed_attempts = allowed_attempts
        self.not_before = not_before
        if not_before is None:
            super().__init__(f"all {allowed_attempts} attempts are used")
        else:
            super().__init__(f"the next attempt can start at {not_before.isoformat()}")


class AttemptClosed(LmsError):
    """The attempt was submitted (or ran out of time) and takes no more answers."""


@dataclass(frozen=True)
class Quiz:
    course: Course
    quiz_set: QuizSet
    banks: BankSet

    def bank(self, language: str) -> Bank:
        return self.banks.for_language(language)


def find_quiz(session: Session, course_slug: str, bank_id: str) -> Quiz:
    course = session.scalar(
        select(Course).where(
            Course.slug == course_slug, Course.published, Course.retired_at.is_(None)
        )
    )
    if course is None:
        raise NotFound(_l("There is no such course."))
    quiz_set = current_quiz_set(session, course.id)
    banks = bank_sets(quiz_set, course.slug, course.language)
    if bank_id not in banks or not _offered(course, session, bank_id):
        raise NotFound(_l("There is no such quiz."))
    return Quiz(course, quiz_set, banks[bank_id])


def _offered(course: Course, session: Session, bank_id: str) -> bool:
    """Only module quizzes and the final exam are taken; included banks are not."""
    if course.final_exam == bank_id:
        return True
    return bool(
        session.scalar(
            select(Module.id).where(
                Module.course_id == course.id,
                Module.quiz == bank_id,
                Module.retired_at.is_(None),
            )
        )
    )


def attempts_of(
    session: Session, person: Person, course_id: int, bank_id: str
) -> list[Attempt]:
    return list(
        session.scalars(
            select(Attempt)
            .where(
                Attempt.person_id == person.id,
                Attempt.course_id == course_id,
                Attempt.bank_id == bank_id,
            )
            .order_by(Attempt.number)
        )
    )


def next_start(
    bank: Bank, attempts: Sequence[Attempt]
) -> tuple[bool, datetime | None, str]:
    """Whether a new attempt may start; if not, when (or never) and why."""
    settings = bank.settings
    if settings.attempts is not None and len(attempts) >= settings.attempts:
        return False, None, "used"
    finished = [a.submitted_at for a in attempts if a.submitted_at is not None]
    if finished and settings.delay_minutes:
        return True, max(finished) + timedelta(minutes=settings.delay_minutes), "delay"
    return True, None, ""


def start_attempt(
    session: Session, person: Person, course_slug: str, bank_id: str, now: datetime
) -> Attempt:
    """Resume the open attempt, or start a new one if the rules allow it now."""
    quiz = find_quiz(session, course_slug, bank_id)
    attempts = attempts_of(session, person, quiz.course.id, bank_id)
    for attempt in attempts:
        if attempt.submitted_at is None:
            if not is_overdue(attempt, now):
                return attempt
            finalize(session, attempt, now, "deadline")
    bank = quiz.bank(person.language)
    allowed, not_before, reason = next_start(bank, attempts)
    if not allowed:
        raise AttemptRefused(bank.settings.attempts, None)
    if not_before is not None and now < not_before:
        raise AttemptRefused(bank.settings.attempts, not_before)
    limit = bank.settings.time_limit_minutes
    attempt = Attempt(
        public_id=secrets.token_urlsafe(16),
        person_id=person.id,
        course_id=quiz.course.id,
        bank_id=bank_id,
        number=len(attempts) + 1,
        quiz_set_id=quiz.quiz_set.id,
        content_hash=quiz.quiz_set.version,
        language=person.language
        if person.language in quiz.banks.by_language
        else quiz.course.language,
        seed=secrets.randbelow(2**31),
        started_at=now,
        deadline_at=now + timedelta(minutes=limit) if limit else None,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # Another tab started one at the same moment: use that one.
        for other in attempts_of(session, person, quiz.course.id, bank_id):
            if other.submitted_at is None:
                return other
        raise
    return attempt


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    return (
        attempt.submitted_at is None
        and attempt.deadline_at is not None
        and now > attempt.deadline_at + SAVE_GRACE
    )


def get_attempt(
    session: Session,
    person: Person,
    public_id: str,
    now: datetime,
    *,
    for_update: bool = False,
) -> Attempt:
    """The person's own attempt (else NotFound, never Forbidden); overdue ones end.

    Writers pass ``for_update``: the attempt's row is locked (PostgreSQL; SQLite
    writers already hold the database's write lock), so two requests of one
    attempt (an autosave and the submit button, two tabs) take turns instead of
    inserting the same answer twice or saving into an attempt being graded.
    """
    query = select(Attempt).where(
        Attempt.public_id == public_id, Attempt.person_id == person.id
    )
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    attempt = session.scalar(query)
    if attempt is None:
        raise NotFound(_l("There is no such attempt."))
    if is_overdue(attempt, now):
        finalize(session, attempt, now, "deadline")
    return attempt


def attempt_bank(session: Session, attempt: Attempt) -> Bank:
    quiz_set = session.get(QuizSet, attempt.quiz_set_id)
    course = session.get(Course, attempt.course_id)
    if quiz_set is None or course is None:
        raise NotFound(_l("There is no such attempt."))
    return bank_sets(quiz_set, course.slug, course.language)[
        attempt.bank_id
    ].for_language(attempt.language)


def drawn_items(session: Session, attempt: Attempt) -> tuple[Bank, list[DrawnItem]]:
    bank = attempt_bank(session, attempt)
    return bank, draw_questions(bank, attempt.seed)


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def save_answers(
    session: Session,
    person: Person,
    public_id: str,
    values: Mapping[str, Sequence[str]],
    shown: Sequence[str],
    now: datetime,
) -> SaveResult:
    """Save the answers of the questions ``shown`` on the page that sent them.

    A field or question id that is not part of this attempt is tampering:
    InvalidResponse, and nothing is saved.
    """
    attempt = get_attempt(session, person, public_id, now, for_update=True)
    if attempt.submitted_at is not None:
        raise AttemptClosed(_l("This attempt has already ended."))
    _bank, items = drawn_items(session, attempt)
    drawn = {d.question.id: d for d in drawn_questions(items)}
    views = {v.id: v for v in questions_of(paper(items))}
    if any(qid not in views for qid in shown):
        raise InvalidResponse("a question that is not part of this attempt")
    page = [views[qid] for qid in dict.fromkeys(shown)]
    strays = unknown_fields(values.keys(), page)
    if strays:
        raise InvalidResponse(f"unknown fields: {', '.join(strays[:5])}")
    responses, result = {}, SaveResult()
    for view in page:
        try:
            response = response_from_fields(view, values)
            check_response(drawn[view.id], response)
        except IncompleteOrder:
            result.errors[view.id] = str(
                _l(
                    "Give every item its own position from 1 to %(count)d.",
                    count=len(view.items),
                )
            )
            continue
        responses[view.id] = response
    existing = {a.question_id: a for a in attempt.answers}
    for qid, response in responses.items():
        row = existing.get(qid)
        encoded = encode(response)
        if row is None:
            attempt.answers.append(
                AttemptAnswer(question_id=qid, response_json=encoded, saved_at=now)
            )
        elif row.response_json != encoded:
            row.response_json, row.saved_at = encoded, now
        result.saved.append(qid)
    session.flush()
    return result


def saved_responses(
    attempt: Attempt, views: Sequence[QuestionView]
) -> dict[str, object]:
    types = {v.id: v.type for v in views}
    return {
        a.question_id: decode(types.get(a.question_id, ""), a.response_json)
        for a in attempt.answers
        if a.question_id in types
    }


def submit_attempt(
    session: Session, person: Person, public_id: str, now: datetime
) -> Attempt:
    attempt = get_attempt(session, person, public_id, now, for_update=True)
    if attempt.submitted_at is None:
        finalize(session, attempt, now, "learner")
    return attempt


def finalize(session: Session, attempt: Attempt, now: datetime, by: str) -> None:
    """Grade once: the conditional UPDATE lets exactly one request through."""
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
    answers = {a.question_id: a for a in attempt.answers}
    points = max_points = 0.0
    for drawn in drawn_questions(items):
        question = drawn.question
        row = answers.get(question.id)
        response = decode(question.type, row.response_json) if row else None
        try:
            score = grade_question(question, response)
        except InvalidResponse:
            score = grade_question(question, None)
        if row is None:
            row = AttemptAnswer(
                question_id=question.id, response_json="null", saved_at=now
            )
            attempt.answers.append(row)
        row.points, row.max_points = score.points, score.max_points
        points += score.points
        max_points += score.max_points
    attempt.points = round(points, 6)
    attempt.max_points = round(max_points, 6)
    attempt.percent = round(100 * points / max_points, 4) if max_points else 0.0
    attempt.passed = attempt.percent >= bank.settings.pass_mark - 1e-9
    session.flush()


def drawn_question_map(items: Sequence[DrawnItem]) -> dict[str, DrawnQuestion]:
    return {d.question.id: d for d in drawn_questions(items)}


@dataclass(frozen=True)
class QuizStatus:
    attempts: int
    percent: float | None
    passed: bool
    open: bool


def quiz_statuses(
    session: Session, person: Person, course_id: int
) -> dict[str, QuizStatus]:
    """Per bank: what counts of this person's attempts (by the bank's grading rule)."""
    from lms.quiz.engine.review import official_result

    rows = list(
        session.scalars(
            select(Attempt).where(
                Attempt.person_id == person.id, Attempt.course_id == course_id
            )
        )
    )
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
    session: Session, course_slug: str, bank_id: str
) -> tuple[Quiz, list[QuestionStats]]:
    """Statistics over every submitted attempt of a bank, on its current questions."""
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
    questions = list(quiz.banks.original.questions())
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
