"""The course player on the pages: what the learner is told and offered next."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.db import get_database, utcnow
from lms.models import Attempt, Certificate, Person
from tests.certify.helpers import complete_lessons, pass_quiz
from tests.content.course_tree import course_md
from tests.fixtures.people import PASSWORD

NOW = utcnow().replace(microsecond=0)
COURSE = "/courses/cse"
COMPLETION = "/courses/cse/certificate"


@pytest.fixture
def learner(
    app: Any, client: Any, make_person: Any, synced: Any
) -> Iterator[tuple[Any, Person]]:
    person = make_person(name="Ada Lovelace")
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    session = get_database(app).sessionmaker()
    row = session.get(Person, person.id)
    session.rollback()  # SQLite: hold no lock while the requests write
    yield session, row
    session.close()


def _primary(page: str) -> list[str]:
    """The text of every primary button or link of a page."""
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r'class="button button--primary"[^>]*>(.*?)</', page)
    ]


def _last_attempt(session: Any) -> str:
    session.rollback()
    public_id = session.scalar(
        select(Attempt.public_id).order_by(Attempt.id.desc()).limit(1)
    )
    session.rollback()
    return str(public_id)


def test_the_outline_lists_lessons_and_quizzes_with_their_state(
    client: Any, learner: Any
) -> None:
    session, person = learner
    pass_quiz(session, person, "basics", NOW, right=False)
    page = client.get(COURSE).get_data(as_text=True)
    steps = re.findall(
        r'<li class="step step--(\w+) is-(\w+)">\s*<a href="([^"]+)"', page
    )
    assert steps == [
        ("lesson", "open", "/courses/cse/basics/welcome"),
        ("lesson", "open", "/courses/cse/basics/phone"),
        ("quiz", "failed", "/courses/cse/quiz/basics"),
        ("lesson", "open", "/courses/cse/advanced/complaints"),
        ("quiz", "open", "/courses/cse/quiz/advanced"),
        ("exam", "locked", "/courses/cse/quiz/final"),
    ]
    assert "not passed yet (0%), try again" in page
    assert 'aria-current="step">Welcome</a>' in page
    # The module page lists the same steps of its module.
    module = client.get("/courses/cse/basics").get_data(as_text=True)
    assert "Module quiz: Basics</a>" in module
    assert "not passed yet (0%), try again" in module


def test_the_home_card_and_course_page_tell_what_is_left(
    client: Any, learner: Any
) -> None:
    session, person = learner
    complete_lessons(session, person, NOW)
    session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "All lessons done" not in home
    assert "2 quizzes and the final exam to go" in home
    assert _primary(home) == ["Continue: Customer Service"]
    course = client.get(COURSE).get_data(as_text=True)
    assert _primary(course) == ["Continue with the module quiz: Basics"]
    pass_quiz(session, person, "basics", NOW)
    home = client.get("/").get_data(as_text=True)
    assert "1 quiz and the final exam to go" in home


def test_a_german_home_card_says_it_in_german(
    app: Any, client: Any, make_person: Any, synced: Any
) -> None:
    person = make_person(language="de")
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    home = client.get("/").get_data(as_text=True)
    assert "Noch offen: 3 Lektionen, 2 Tests und die Abschlussprüfung" in home
    assert "Kurs beginnen" in client.get(COURSE).get_data(as_text=True)


def test_a_passed_quiz_continues_a_failed_one_offers_try_again(
    client: Any, learner: Any
) -> None:
    session, person = learner
    pass_quiz(session, person, "basics", NOW, right=False)
    failed = client.get(f"/attempts/{_last_attempt(session)}/result")
    page = failed.get_data(as_text=True)
    assert _primary(page) == ["Try again"]
    assert 'action="/courses/cse/quiz/basics/start"' in page
    pass_quiz(session, person, "basics", NOW)
    page = client.get(f"/attempts/{_last_attempt(session)}/result").get_data(
        as_text=True
    )
    # In order: the next module's first lesson.
    assert _primary(page) == ["Continue with Complaints"]
    complete_lessons(session, person, NOW)
    session.commit()
    page = client.get(f"/attempts/{_last_attempt(session)}/result").get_data(
        as_text=True
    )
    assert _primary(page) == ["Continue with the module quiz: Advanced"]


def test_an_exam_passed_early_says_what_is_still_missing(
    client: Any, learner: Any, sync: Any
) -> None:
    report = sync({"courses/cse/course.md": course_md(final_exam_after="[]")})
    assert report.ok, report.lines
    session, person = learner
    pass_quiz(session, person, "final", NOW)
    page = client.get(f"/attempts/{_last_attempt(session)}/result").get_data(
        as_text=True
    )
    assert "You passed the final exam. Your certificate is issued when" in page
    missing = re.search(r'<div class="notice still-missing">(.*?)</div>', page, re.S)
    assert missing is not None
    assert re.findall(r'href="([^"]+)"', missing.group(1)) == [
        "/courses/cse/basics/welcome",
        "/courses/cse/basics/phone",
        "/courses/cse/quiz/basics",
        "/courses/cse/advanced/complaints",
        "/courses/cse/quiz/advanced",
    ]
    assert _primary(page) == ["Continue with Welcome"]


def test_the_completion_page_shows_the_certificate_and_a_get_never_issues(
    client: Any, learner: Any
) -> None:
    session, person = learner
    complete_lessons(session, person, NOW)
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, person, bank, NOW)  # the service: nothing issued yet

    def certificates() -> int:
        session.rollback()
        count = session.scalar(select(func.count(Certificate.id))) or 0
        session.rollback()
        return count

    page = client.get(COMPLETION).get_data(as_text=True)
    assert certificates() == 0
    assert _primary(page) == ["Get your certificate"]
    response = client.submit(COMPLETION, page=COMPLETION)
    assert response.headers["Location"] == COMPLETION
    assert certificates() == 1
    page = client.get(COMPLETION).get_data(as_text=True)
    session.rollback()
    certificate = session.scalars(select(Certificate)).one()
    assert "Congratulations! You have completed Customer Service" in page
    assert _primary(page) == ["Download your certificate (PDF)"]
    assert f'href="/certificates/{certificate.number}.pdf"' in page
    assert f"/verify/{certificate.verification_code}</a>" in page
    assert certificate.valid_until is not None
    assert "Your certificate is valid until" in page
    course = client.get(COURSE).get_data(as_text=True)
    assert _primary(course) == ["View your certificate"]


def test_the_completion_page_of_an_unfinished_course_says_what_is_missing(
    client: Any, learner: Any
) -> None:
    page = client.get(COMPLETION)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "3 lessons, 2 quizzes and the final exam" in text
    assert _primary(text) == ["Continue with Welcome"]
    assert client.get("/courses/nope/certificate").status_code == 404


def test_every_learner_page_has_exactly_one_primary_action(
    client: Any, learner: Any
) -> None:
    for url in (
        "/",
        "/courses",
        COURSE,
        "/courses/cse/basics",
        "/courses/cse/basics/welcome",
        "/courses/cse/quiz/basics",
        "/courses/cse/quiz/final",
        COMPLETION,
    ):
        page = client.get(url).get_data(as_text=True)
        assert len(_primary(page)) == 1, (url, _primary(page))


def test_the_lesson_outline_follows_the_learner_and_the_language(
    client: Any, learner: Any
) -> None:
    """The outline beside a lesson is rendered once per state and language
    (lms.web.templating.cached_macro): a change of either shows at once."""
    session, person = learner
    lesson = "/courses/cse/basics/phone"

    def outline() -> str:
        page = client.get(lesson).get_data(as_text=True)
        return page[page.index('class="modules modules--compact"') :]

    before = outline()
    assert '<li class="step step--lesson is-open">' in before
    assert outline() == before  # the same state: the same outline
    client.submit(lesson + "/complete", {})
    after = outline()
    assert after != before
    assert '<span class="pill pill--done">done</span>' in after
    session.rollback()
    session.get(Person, person.id).language = "de"
    session.commit()
    assert '<span class="pill pill--done">erledigt</span>' in outline()
