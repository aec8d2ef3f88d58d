"""Two requests of one attempt at the same moment: an autosave racing the submit
button, or the same attempt open in two tabs. They must take turns, never fail.

Each side uses its own session (its own connection), as two server workers do.
The first side holds its transaction open while the second starts, which is the
window a real race hits; then the first commits and the second must finish.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from lms.db import get_database, utcnow
from lms.models import Attempt, AttemptAnswer, Person
from lms.quiz import attempts as service
from tests.quiz.attempts.helpers import page_values, write_basics

T0 = utcnow().replace(microsecond=0)


@pytest.fixture
def two_sessions(app: Any) -> Iterator[tuple[Session, Session]]:
    database = get_database(app)
    first, second = database.sessionmaker(), database.sessionmaker()
    yield first, second
    first.close()
    second.close()


def _started(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    assert person is not None
    attempt = service.start_attempt(session, person, "cse", "basics", T0)
    session.commit()
    return attempt.public_id


def _race(
    first: Callable[[], None],
    second: Callable[[], None],
    commit_first: Callable[[], None],
) -> list[BaseException]:
    """Run ``first`` (transaction left open), start ``second`` in a thread, then
    commit the first; return what the second raised, if anything."""
    errors: list[BaseException] = []

    def run_second() -> None:
        try:
            second()
        except BaseException as error:  # reported to the test below
            errors.append(error)

    first()
    thread = threading.Thread(target=run_second)
    thread.start()
    time.sleep(0.5)  # the second request is now waiting on the first
    commit_first()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the second request never finished"
    return errors


def test_two_saves_of_a_new_answer_take_turns(
    sync: Any, synced: Any, make_person: Any, two_sessions: Any
) -> None:
    write_basics(sync)
    first, second = two_sessions
    person_id = make_person().id
    public_id = _started(first, person_id)

    def save(session: Session, choice: str) -> None:
        person = session.get(Person, person_id)
        assert person is not None
        service.save_answers(
            session,
            person,
            public_id,
            page_values(session, public_id, {"a-q-greet": [choice]}),
            ["q-greet"],
            T0 + timedelta(seconds=5),
        )

    def second_save() -> None:
        save(second, "c2")
        second.commit()

    errors = _race(lambda: save(first, "c1"), second_save, first.commit)
    assert errors == []
    check = fresh(first)
    rows = check.query(AttemptAnswer).all()
    assert [(r.question_id, r.response_json) for r in rows] == [("q-greet", '"c2"')]


def test_a_save_that_waits_for_the_submit_is_told_the_attempt_ended(
    sync: Any, synced: Any, make_person: Any, two_sessions: Any
) -> None:
    write_basics(sync)
    first, second = two_sessions
    person_id = make_person().id
    public_id = _started(first, person_id)

    def submit() -> None:
        person = first.get(Person, person_id)
        assert person is not None
        service.submit_attempt(first, person, public_id, T0 + timedelta(seconds=9))

    def late_save() -> None:
        person = second.get(Person, person_id)
        assert person is not None
        try:
            service.save_answers(
                second,
                person,
                public_id,
                {"a-q-internal": ["internal customer"]},
                ["q-internal"],
                T0 + timedelta(seconds=10),
            )
        finally:
            second.rollback()

    errors = _race(submit, late_save, first.commit)
    assert [type(e) for e in errors] == [service.AttemptClosed]
    check = fresh(first)
    attempt = check.query(Attempt).one()
    assert attempt.submitted_at is not None
    answers = {a.question_id: a.response_json for a in attempt.answers}
    assert answers["q-internal"] == "null"  # graded as unanswered, not overwritten


def fresh(session: Session) -> Session:
    """The session, reading what is committed now."""
    session.rollback()
    session.expire_all()
    return session
