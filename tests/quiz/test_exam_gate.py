"""The final exam's gate (`final_exam_after`): what is missing, by link and by POST."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.db import get_database, utcnow
from lms.models import Attempt, Lesson, LessonProgress, Person
from tests.certify.helpers import pass_quiz
from tests.content.course_tree import course_md
from tests.fixtures.people import PASSWORD

NOW = utcnow().replace(microsecond=0)
EXAM = "/courses/cse/quiz/final"
START = f"{EXAM}/start"
LESSONS = {
    "welcome": "/courses/cse/basics/welcome",
    "phone": "/courses/cse/basics/phone",
    "complaints": "/courses/cse/advanced/complaints",
}
QUIZZES = {
    "basics": "/courses/cse/quiz/basics",
    "advanced": "/courses/cse/quiz/advanced",
}


@pytest.fixture
def learner(
    app: Any, client: Any, make_person: Any, synced: Any
) -> Iterator[tuple[Any, Person]]:
    person = make_person(name="Ada Lovelace")
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    session = get_database(app).sessionmaker()
    row = session.get(Person, person.id)
    session.rollback()  # SQLite: hold no lock while the requests write
    yield session, row
    session.close()


def _complete(session: Any, person: Person, *slugs: str) -> None:
    for lesson_id in session.scalars(select(Lesson.id).where(Lesson.slug.in_(slugs))):
        session.add(
            LessonProgress(
                person_id=person.id,
                lesson_id=lesson_id,
                first_viewed_at=NOW,
                last_viewed_at=NOW,
                completed_at=NOW,
            )
        )
    session.commit()


def _missing_links(page: str) -> list[str]:
    """The links of the exam page's list of what is missing, in order."""
    found = re.search(r'<ul class="exam-missing">(.*?)</ul>', page, re.S)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


def _attempts(session: Any) -> int:
    session.rollback()  # read what the requests committed
    count = session.scalar(select(func.count(Attempt.id))) or 0
    session.rollback()
    return count


def test_the_exam_page_lists_what_is_missing_with_links(
    client: Any, learner: Any
) -> None:
    page = client.get(EXAM).get_data(as_text=True)
    assert _missing_links(page) == [
        LESSONS["welcome"],
        LESSONS["phone"],
        QUIZZES["basics"],
        LESSONS["complaints"],
        QUIZZES["advanced"],
    ]
    assert "Lesson: Welcome" in page
    assert "Module quiz: Basics" in page
    assert START not in page
    for link in _missing_links(page):
        assert client.get(link).status_code == 200, link
    # The exam page and the course's outline give the same reason, and the
    # page's one primary action is the step to do instead.
    reason = "Finish all lessons and pass all module quizzes first."
    assert reason in page
    assert re.findall(r'class="button button--primary" href="([^"]+)"', page) == [
        LESSONS["welcome"]
    ]
    course_page = client.get("/courses/cse").get_data(as_text=True)
    locked = '<span class="pill pill--locked">locked</span> <span class="lock-reason">'
    assert locked + reason in course_page


def test_a_direct_post_is_refused_and_creates_nothing(
    client: Any, learner: Any
) -> None:
    session, _person = learner
    response = client.submit(START, page=EXAM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(EXAM)
    page = client.get(EXAM).get_data(as_text=True)
    assert "The final exam is not open yet" in page
    assert _attempts(session) == 0


def test_the_refusal_speaks_the_learners_language(
    app: Any, client: Any, make_person: Any, synced: Any
) -> None:
    person = make_person(language="de")
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    client.submit(START, page=EXAM)
    page = client.get(EXAM).get_data(as_text=True)
    assert "Die Abschlussprüfung ist noch nicht freigeschaltet" in page
    assert "Vor der Abschlussprüfung" in page


def test_the_exam_opens_when_the_last_requirement_is_met(
    client: Any, learner: Any
) -> None:
    session, person = learner
    _complete(session, person, "welcome", "phone")
    pass_quiz(session, person, "basics", NOW)
    pass_quiz(session, person, "advanced", NOW, right=False)  # tried, not passed
    page = client.get(EXAM).get_data(as_text=True)
    assert _missing_links(page) == [LESSONS["complaints"], QUIZZES["advanced"]]
    pass_quiz(session, person, "advanced", NOW)
    assert _missing_links(client.get(EXAM).get_data(as_text=True)) == [
        LESSONS["complaints"]
    ]
    before = _attempts(session)
    assert client.submit(START, page=EXAM).headers["Location"].endswith(EXAM)
    assert _attempts(session) == before

    _complete(session, person, "complaints")
    page = client.get(EXAM).get_data(as_text=True)
    assert _missing_links(page) == []
    assert START in page
    assert "Locked:" not in client.get("/courses/cse").get_data(as_text=True)
    response = client.submit(START, page=EXAM)
    assert "/attempts/" in response.headers["Location"]
    assert _attempts(session) == before + 1


def test_module_quizzes_are_never_gated(client: Any, learner: Any) -> None:
    page = client.get(QUIZZES["basics"]).get_data(as_text=True)
    assert _missing_links(page) == []
    assert f"{QUIZZES['basics']}/start" in page


@pytest.mark.parametrize(
    ("setting", "missing"),
    [
        ("[]", []),
        ("[module_quizzes]", [QUIZZES["basics"], QUIZZES["advanced"]]),
        ("[lessons]", list(LESSONS.values())),
    ],
)
def test_the_setting_chooses_what_opens_the_exam(
    app: Any,
    client: Any,
    make_person: Any,
    sync: Any,
    setting: str,
    missing: list[str],
) -> None:
    report = sync({"courses/cse/course.md": course_md(final_exam_after=setting)})
    assert report.ok, report.lines
    person = make_person()
    client.submit("/login", {"email": person.email, "password": PASSWORD})
    page = client.get(EXAM).get_data(as_text=True)
    assert _missing_links(page) == missing
    assert (START in page) == (not missing)
    response = client.submit(START, page=EXAM)
    if missing:
        assert response.headers["Location"].endswith(EXAM)
    else:
        assert "/attempts/" in response.headers["Location"]
