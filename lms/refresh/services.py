"""Giving, drawing and answering refreshers: who is due, the session made once,
an answer counted once and the Leitner box it moves."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.certify.queries import current_certificate
from lms.content.rules.refresher import load_refresher
from lms.content.schema import RefresherSpec
from lms.errors import Conflict, NotFound
from lms.models import (
    Course,
    Person,
    RefresherAnswer,
    RefresherBox,
    RefresherSession,
)
from lms.quiz.bank.loader import BankSet
from lms.quiz.bank.schema import Question
from lms.quiz.engine.grading import Response, grade_question
from lms.quiz.engine.paper import encode
from lms.quiz.store import bank_sets, current_quiz_set
from lms.refresh import leitner
from lms.refresh.questions import LEXICON, lexicon_key, lexicon_question, split_key
from lms.sync.pools import refresher_questions


class Expired(Conflict):
    """The refresher's time is over; the next one replaces it."""


@dataclass(frozen=True)
class DueRefresher:
    """A course whose refresher a person may take now."""

    course: Course
    spec: RefresherSpec
    due_on: date
    session: RefresherSession | None  # None: not started yet


def _courses(session: Session) -> list[Course]:
    return list(
        session.scalars(
            select(Course).where(
                Course.refresher_json != "",
                Course.retired_at.is_(None),
                Course.published.is_(True),
            )
        )
    )


def _last(session: Session, person_id: int, course_id: int) -> RefresherSession | None:
    return session.scalar(
        select(RefresherSession)
        .where(
            RefresherSession.person_id == person_id,
            RefresherSession.course_id == course_id,
        )
        .order_by(RefresherSession.due_on.desc())
        .limit(1)
    )


def due_refresher(
    session: Session, person: Person, course: Course, today: date
) -> DueRefresher | None:
    """The person's refresher of a course if one is open or due today; None
    without a course refresher or a valid certificate."""
    spec = load_refresher(course.refresher_json)
    certificate = current_certificate(session, person.id, course.id)
    if spec is None or certificate is None or certificate.revoked_at is not None:
        return None
    if certificate.valid_until is not None and certificate.valid_until < today:
        return None
    last = _last(session, person.id, course.id)
    is_open = last is not None and last.finished_at is None
    if last is not None and is_open and last.due_on <= today < last.expires_on:
        return DueRefresher(course, spec, last.due_on, last)
    due = leitner.next_due(
        certificate.completed_on,
        spec.after_days,
        spec.every_days,
        last.due_on if last is not None else None,
    )
    if last is not None and last.due_on < certificate.completed_on:
        due = leitner.first_due(certificate.completed_on, spec.after_days)
    return DueRefresher(course, spec, due, None) if due <= today else None


def due_refreshers(session: Session, person: Person, today: date) -> list[DueRefresher]:
    """Every refresher the person may take today, course by course."""
    found = (due_refresher(session, person, c, today) for c in _courses(session))
    return [due for due in found if due is not None]


def candidates(session: Session, course: Course, spec: RefresherSpec) -> list[str]:
    """Every question key the refresher may draw."""
    keys = [lexicon_key(i) for i in range(len(spec.lexicon))]
    banks = _banks(session, course)
    for pool in spec.pools:
        if pool in banks:
            keys += [
                f"{pool}/{q.id}" for q in refresher_questions(banks[pool].original)
            ]
    return keys


def _banks(session: Session, course: Course) -> Mapping[str, BankSet]:
    try:
        quiz_set = current_quiz_set(session, course.id)
    except NotFound:
        return {}
    return bank_sets(quiz_set, course.slug, course.language)


def start_refresher(
    session: Session, person: Person, course: Course, today: date, now: datetime
) -> RefresherSession:
    """The person's open refresher of the course, made now if due (once: two
    tabs starting it get the same one). NotFound when none is due."""
    due = due_refresher(session, person, course, today)
    if due is None:
        raise NotFound("no refresher is due")
    if due.session is not None:
        return due.session
    seed = secrets.randbelow(2**31)
    boxes = {
        row.question_key: leitner.BoxState(row.box, row.due_on)
        for row in session.scalars(
            select(RefresherBox).where(
                RefresherBox.person_id == person.id,
                RefresherBox.course_id == course.id,
            )
        )
    }
    keys = leitner.select_questions(
        candidates(session, course, due.spec), boxes, today, due.spec.questions, seed
    )
    row = RefresherSession(
        public_id=secrets.token_urlsafe(16),
        person_id=person.id,
        course_id=course.id,
        due_on=today,
        expires_on=today + timedelta(days=due.spec.every_days),
        seed=seed,
        questions_json=json.dumps(list(keys)),
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        existing = _last(session, person.id, course.id)
        if existing is None:  # pragma: no cover - the row that won was deleted
            raise
        return existing
    return row


def find_refresher(
    session: Session, person: Person, public_id: str
) -> RefresherSession:
    """The person's own refresher by its public id; NotFound for anyone else's."""
    row = session.scalar(
        select(RefresherSession).where(RefresherSession.public_id == public_id)
    )
    if row is None or row.person_id != person.id:
        raise NotFound("no such refresher")
    return row


def question_keys(row: RefresherSession) -> list[str]:
    return list(json.loads(row.questions_json))


def resolve(
    session: Session,
    course: Course,
    key: str,
    language: str,
    gettext: Callable[[str], str],
) -> Question | None:
    """The question behind a key in the person's language; None when it is gone."""
    topic, ident = split_key(key)
    spec = load_refresher(course.refresher_json)
    if topic == LEXICON:
        index = int(ident) if ident.isdigit() else -1
        if spec is None or not 0 <= index < len(spec.lexicon):
            return None
        return lexicon_question(spec.lexicon, index, language, course.language, gettext)
    banks = _banks(session, course)
    if topic not in banks:
        return None
    bank = banks[topic].for_language(language)
    return next((q for q in bank.questions() if q.id == ident), None)


def answers_of(session: Session, row: RefresherSession) -> dict[str, RefresherAnswer]:
    return {
        a.question_key: a
        for a in session.scalars(
            select(RefresherAnswer).where(RefresherAnswer.session_id == row.id)
        )
    }


def answer_question(
    session: Session,
    row: RefresherSession,
    key: str,
    question: Question,
    response: Response,
    today: date,
    now: datetime,
) -> RefresherAnswer:
    """Record the first answer to a question and move its box; a second answer
    (twice, another tab) returns the first. Expired after the refresher's time."""
    if key not in question_keys(row):
        raise NotFound("no such question in this refresher")
    first = answers_of(session, row).get(key)
    if first is not None:
        return first
    if today >= row.expires_on:
        raise Expired("this refresher has expired")
    score = grade_question(question, response)
    answer = RefresherAnswer(
        session_id=row.id,
        question_key=key,
        topic=split_key(key)[0],
        correct=score.correct,
        response=encode(response),
        answered_at=now,
    )
    try:
        with session.begin_nested():
            session.add(answer)
    except IntegrityError:
        again = answers_of(session, row).get(key)
        if again is None:  # pragma: no cover
            raise
        return again
    box = session.get(RefresherBox, (row.person_id, row.course_id, key))
    state = leitner.answered(box.box if box else None, score.correct, today)
    if box is None:
        session.add(
            RefresherBox(
                person_id=row.person_id,
                course_id=row.course_id,
                question_key=key,
                box=state.box,
                due_on=state.due_on,
                updated_at=now,
            )
        )
    else:
        box.box, box.due_on, box.updated_at = state.box, state.due_on, now
    if len(answers_of(session, row)) >= len(question_keys(row)):
        row.finished_at = now
    session.flush()
    return answer
