"""Taking an attempt: start or resume it, save answers, submit it.

Finding a quiz lives in `lms.quiz.quizzes`, ending and grading an attempt in
`lms.quiz.settle`, statuses and statistics in `lms.quiz.results`; their
services are re-exported here so that pages and other features call one module.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.content.rules.paths import final_exam_ids
from lms.errors import LmsError, NotFound
from lms.models import Attempt, AttemptAnswer, Person
from lms.quiz.bank.schema import Bank
from lms.quiz.engine.draw import DrawnItem, DrawnQuestion, drawn_questions
from lms.quiz.engine.grading import InvalidResponse
from lms.quiz.engine.paper import (
    FIELD_PREFIX,
    Block,
    IncompleteOrder,
    check_response,
    decode,
    encode,
    option_ids,
    paper,
    questions_of,
    response_from_fields,
    to_bank_ids,
    to_page_ids,
    unknown_fields,
)
from lms.quiz.quizzes import Quiz, attempts_of, find_quiz
from lms.quiz.results import QuizStatus, bank_statistics, quiz_statuses
from lms.quiz.revisions import StaleAttempt, claim_revision
from lms.quiz.settle import (
    SAVE_GRACE,
    attempt_bank,
    drawn_items,
    finalize,
    is_overdue,
    shown_questions,
)

__all__ = [
    "SAVE_GRACE",
    "AttemptClosed",
    "AttemptRefused",
    "Quiz",
    "QuizStatus",
    "SaveResult",
    "StaleAttempt",
    "attempt_bank",
    "attempt_paper",
    "attempts_of",
    "bank_statistics",
    "begin_attempt",
    "drawn_items",
    "drawn_question_map",
    "finalize",
    "find_quiz",
    "get_attempt",
    "is_overdue",
    "next_start",
    "page_fields",
    "quiz_statuses",
    "save_answers",
    "saved_responses",
    "start_attempt",
    "submit_attempt",
]


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
    return begin_attempt(session, person, quiz, bank_id, now)[0]


def begin_attempt(
    session: Session, person: Person, quiz: Quiz, bank_id: str, now: datetime
) -> tuple[Attempt, bool]:
    """``start_attempt`` for a quiz already found; also whether an attempt of the
    bank whose time ran out ended on the way (then the caller announces it)."""
    attempts = attempts_of(session, person, quiz.course.id, bank_id)
    settled = False
    for attempt in attempts:
        if attempt.submitted_at is None:
            if not is_overdue(attempt, now):
                return attempt, settled
            finalize(session, attempt, now, "deadline")
            settled = True
    bank = quiz.bank(person.language)
    allowed, not_before, reason = next_start(bank, attempts)
    if not allowed:
        raise AttemptRefused(bank.settings.attempts, None)
    if not_before is not None and now < not_before:
        raise AttemptRefused(bank.settings.attempts, not_before)
    limit = bank.settings.time_limit_minutes
    seen_json = None
    if bank_id in final_exam_ids(quiz.course.final_exam, quiz.course.paths_json):
        # Every exam attempt (retry, renewal) prefers questions not yet shown.
        seen = shown_questions(session, person.id, quiz.course.id)
        seen_json = json.dumps(sorted(seen))
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
        seen_json=seen_json,
        page_key=secrets.token_hex(32),
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
                return other, settled
        raise
    return attempt, settled


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


def paper_secret(attempt: Attempt) -> bytes:
    """The key of the attempt page's opaque ids: a random 256-bit key per attempt.

    It stays on the server, so ids of one attempt mean nothing in another and
    cannot be computed back to the key by trying every seed. Attempts started
    before the key existed derive it from their seed (also server-side).
    """
    if attempt.page_key:
        return bytes.fromhex(attempt.page_key)
    return hashlib.sha256(f"lms-attempt-page:{attempt.seed}".encode()).digest()


def attempt_paper(attempt: Attempt, items: Sequence[DrawnItem]) -> list[Block]:
    """The attempt page's questions, options named by the attempt's opaque ids."""
    return paper(items, paper_secret(attempt))


def page_fields(
    attempt: Attempt, items: Sequence[DrawnItem], values: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Form fields written in the bank's ids, as the attempt page would send them.

    For scripts that answer without the page (tests, ``make bench``): field
    suffixes and values that are option ids of the question become its
    opaque ids; positions and free text stay.
    """
    secret = paper_secret(attempt)
    ids = {d.question.id: option_ids(d, secret) for d in drawn_questions(items)}
    result: dict[str, list[str]] = {}
    for name, given in values.items():
        qid = max(
            (
                q
                for q in ids
                if name == f"{FIELD_PREFIX}{q}"
                or name.startswith(f"{FIELD_PREFIX}{q}-")
            ),
            key=len,
            default=None,
        )
        if qid is None:
            result[name] = list(given)
            continue
        mapping, base = ids[qid], f"{FIELD_PREFIX}{qid}"
        suffix = name[len(base) + 1 :]
        if suffix:
            name = f"{base}-{mapping.get(suffix, suffix)}"
        result[name] = [mapping.get(value, value) for value in given]
    return result


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    revision: int = 0  # the attempt's revision after this save


def save_answers(
    session: Session,
    person: Person,
    public_id: str,
    values: Mapping[str, Sequence[str]],
    shown: Sequence[str],
    now: datetime,
    *,
    revision: int | None = None,
) -> SaveResult:
    """Save the answers of the questions ``shown`` on the page that sent them.

    The form names options by the attempt's opaque ids; the answers are stored
    in the bank's ids. A field, question or option id that is not part of this
    attempt (tampered, or from another attempt) is InvalidResponse, and nothing
    is saved. ``revision`` is the attempt's revision the page was rendered
    with: a page that is behind (another tab saved since) raises StaleAttempt
    and nothing is saved. Pages always pass it; only scripts that are no page
    (tests, ``make bench``) leave it None.
    """
    attempt = get_attempt(session, person, public_id, now, for_update=True)
    if attempt.submitted_at is not None:
        raise AttemptClosed(_l("This attempt has already ended."))
    _bank, items = drawn_items(session, attempt)
    drawn = {d.question.id: d for d in drawn_questions(items)}
    secret = paper_secret(attempt)
    views = {v.id: v for v in questions_of(paper(items, secret))}
    if any(qid not in views for qid in shown):
        raise InvalidResponse("a question that is not part of this attempt")
    page = [views[qid] for qid in dict.fromkeys(shown)]
    strays = unknown_fields(values.keys(), page)
    if strays:
        raise InvalidResponse(f"unknown fields: {', '.join(strays[:5])}")
    responses, result = {}, SaveResult()
    for view in page:
        try:
            response = to_bank_ids(
                drawn[view.id], secret, response_from_fields(view, values)
            )
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
    if revision is not None:
        claim_revision(session, attempt, revision)
    result.revision = attempt.revision
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


def saved_responses(attempt: Attempt, items: Sequence[DrawnItem]) -> dict[str, object]:
    """The saved answers as the attempt page shows them, in its opaque ids."""
    drawn = drawn_question_map(items)
    secret = paper_secret(attempt)
    return {
        a.question_id: to_page_ids(
            drawn[a.question_id],
            secret,
            decode(drawn[a.question_id].question.type, a.response_json),
        )
        for a in attempt.answers
        if a.question_id in drawn
    }


def submit_attempt(
    session: Session,
    person: Person,
    public_id: str,
    now: datetime,
    *,
    revision: int | None = None,
) -> Attempt:
    """Submit and grade the attempt, unless it already ended.

    A submit from a page that is behind (``revision``, as in ``save_answers``)
    raises StaleAttempt: it would grade answers the learner has not seen.
    """
    attempt = get_attempt(session, person, public_id, now, for_update=True)
    if attempt.submitted_at is None:
        if revision is not None:
            claim_revision(session, attempt, revision)
        finalize(session, attempt, now, "learner")
    return attempt


def drawn_question_map(items: Sequence[DrawnItem]) -> dict[str, DrawnQuestion]:
    return {d.question.id: d for d in drawn_questions(items)}
