"""Issuing follows the write that meets the rule; no GET ever issues."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.db import get_database, utcnow
from lms.models import Certificate, Lesson, LessonProgress, Module, Person
from lms.quiz import attempts as quiz
from lms.quiz.engine.draw import drawn_questions
from tests.certify.helpers import complete_lessons, pass_quiz
from tests.fixtures.people import PASSWORD
from tests.quiz.attempts.helpers import submit

NOW = utcnow().replace(microsecond=0)


@pytest.fixture
def learner(app: Any, make_person: Any, synced: Any) -> Any:
    person = make_person(name="Grace Hopper")
    session = get_database(app).sessionmaker()
    yield session, session.get(Person, person.id)
    session.close()


def _login(client: Any, person: Person) -> None:
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302


def _count(session: Any) -> int:
    session.rollback()  # read what the requests committed
    count = session.scalar(select(func.count(Certificate.id))) or 0
    session.rollback()  # SQLite: hold no write lock while the requests run
    return count


def test_a_get_never_issues_and_the_course_page_offers_the_post(
    client: Any, learner: Any
) -> None:
    session, person = learner
    # The rule is met by writes that did not issue (as when an attempt is settled
    # during a GET after its time ran out).
    complete_lessons(session, person, NOW)
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, person, bank, NOW)
    _login(client, person)
    lesson = session.execute(
        select(Module.slug, Lesson.slug).join(Lesson, Lesson.module_id == Module.id)
    ).first()
    session.rollback()
    assert lesson is not None
    for url in (
        "/",
        "/courses",
        "/courses/cse",
        f"/courses/cse/{lesson[0]}",
        f"/courses/cse/{lesson[0]}/{lesson[1]}",
        "/courses/cse/quiz/final",
        "/certificates",
        "/me/transcript.pdf",
    ):
        assert client.get(url).status_code == 200, url
    assert _count(session) == 0
    page = client.get("/courses/cse").get_data(as_text=True)
    assert "Get your certificate" in page
    response = client.submit("/courses/cse/certificate", page="/courses/cse")
    assert response.status_code == 302
    assert _count(session) == 1
    page = client.get("/courses/cse").get_data(as_text=True)
    assert "Get your certificate" not in page
    assert "Your certificate" in page
    client.submit("/courses/cse/certificate", page="/courses/cse")
    assert _count(session) == 1


def test_completing_the_last_lesson_issues_at_once(client: Any, learner: Any) -> None:
    session, person = learner
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, person, bank, NOW)
    complete_lessons(session, person, NOW)
    last = session.execute(
        select(LessonProgress, Module.slug, Lesson.slug)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(LessonProgress.person_id == person.id)
    ).first()
    assert last is not None
    progress, module, lesson = last
    progress.completed_at = None
    session.commit()
    _login(client, person)
    url = f"/courses/cse/{module}/{lesson}"
    assert client.submit(f"{url}/complete", page=url).status_code == 302
    assert _count(session) == 1
    assert "Get your certificate" not in client.get("/courses/cse").get_data(
        as_text=True
    )


def test_submitting_the_passing_final_exam_issues_in_that_request(
    client: Any, learner: Any
) -> None:
    """The quiz announces the ended attempt (lms.events); the rule issues."""
    session, person = learner
    complete_lessons(session, person, NOW)
    for bank in ("basics", "advanced"):
        pass_quiz(session, person, bank, NOW)
    attempt = quiz.start_attempt(session, person, "cse", "final", NOW)
    _bank, items = quiz.drawn_items(session, attempt)
    values = {
        f"a-{drawn.question.id}": [
            next(c.id for c in drawn.question.choices if c.correct)
        ]
        for drawn in drawn_questions(items)
    }
    fields = quiz.page_fields(attempt, items, values)
    quiz.save_answers(
        session, person, attempt.public_id, fields, [q[2:] for q in values], NOW
    )
    url = f"/attempts/{attempt.public_id}"
    session.commit()
    _login(client, person)
    assert _count(session) == 0
    response = submit(client, url, follow_redirects=True)  # with the page's revision
    assert "You have earned your certificate." in response.get_data(as_text=True)
    assert _count(session) == 1


def test_a_start_that_settles_the_overdue_final_exam_issues_what_it_earned(
    client: Any, learner: Any
) -> None:
    """Starting ends the bank's attempt whose time ran out; a passing one issues."""
    session, person = learner
    complete_lessons(session, person, NOW)
    for bank in ("basics", "advanced"):
        pass_quiz(session, person, bank, NOW)
    attempt = quiz.start_attempt(session, person, "cse", "final", NOW)
    _bank, items = quiz.drawn_items(session, attempt)
    values = {
        f"a-{drawn.question.id}": [
            next(c.id for c in drawn.question.choices if c.correct)
        ]
        for drawn in drawn_questions(items)
    }
    fields = quiz.page_fields(attempt, items, values)
    quiz.save_answers(
        session, person, attempt.public_id, fields, [q[2:] for q in values], NOW
    )
    attempt.started_at = NOW - timedelta(hours=2)
    attempt.deadline_at = NOW - timedelta(hours=1)  # its time ran out unsubmitted
    session.commit()
    _login(client, person)
    assert _count(session) == 0
    # The token from a page that settles nothing (the quiz's own page would).
    response = client.submit("/courses/cse/quiz/final/start", page="/courses")
    assert response.status_code == 302
    assert _count(session) == 1
