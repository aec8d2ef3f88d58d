"""Attempt rules with an injected clock: limits, delays, deadlines, review policies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.models import Attempt, Person
from lms.quiz import attempts as service
from lms.quiz.engine.review import build_review, review_level
from tests.content.course_tree import course_md
from tests.quiz.attempts.helpers import (
    ALL,
    RIGHT,
    WRONG,
    answer,
    bank_text,
    in_page,
    page_revision,
    page_values,
    start,
    submit,
    write_basics,
)

T0 = utcnow().replace(microsecond=0)


@pytest.fixture
def learner(app: Any, make_person: Any) -> Any:
    person = make_person()
    session = get_database(app).sessionmaker()
    loaded = session.get(Person, person.id)
    session.commit()  # release SQLite's write lock until the test writes
    yield session, loaded
    session.close()


def take(session: Any, person: Any, now: Any, answers: dict[str, Any]) -> Attempt:
    attempt = service.start_attempt(session, person, "cse", "basics", now)
    service.save_answers(
        session,
        person,
        attempt.public_id,
        page_values(session, attempt.public_id, answers),
        ALL,
        now,
    )
    service.submit_attempt(
        session, person, attempt.public_id, now + timedelta(seconds=30)
    )
    session.commit()
    return attempt


def test_attempt_allowance_is_enforced(sync: Any, synced: Any, learner: Any) -> None:
    write_basics(sync, attempts="2")
    session, person = learner
    take(session, person, T0, WRONG)
    take(session, person, T0 + timedelta(minutes=1), WRONG)
    with pytest.raises(service.AttemptRefused, match="all 2 attempts are used"):
        service.start_attempt(
            session, person, "cse", "basics", T0 + timedelta(minutes=2)
        )


def test_delay_between_attempts_names_the_time(
    sync: Any, synced: Any, learner: Any
) -> None:
    write_basics(sync, delay_minutes="60")
    session, person = learner
    take(session, person, T0, WRONG)
    with pytest.raises(service.AttemptRefused, match="next attempt can start at"):
        service.start_attempt(
            session, person, "cse", "basics", T0 + timedelta(minutes=30)
        )
    later = service.start_attempt(
        session, person, "cse", "basics", T0 + timedelta(minutes=61)
    )
    assert later.number == 2


def test_refusal_is_shown_on_the_quiz_page(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync, attempts="1")
    auth.login()
    url = start(client)
    submit(client, url)
    response = client.submit("/courses/cse/quiz/basics/start", page="/")
    assert response.headers["Location"] == "/courses/cse/quiz/basics"
    html = client.get("/courses/cse/quiz/basics").get_data(as_text=True)
    assert "used all 1 attempts" in html or "You have used all attempts" in html


def test_final_exam_with_no_attempt_left_offers_the_course_once(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    report = sync(
        {
            "courses/cse/course.md": course_md(final_exam_after="[]"),
            "quizzes/cse/final.md": bank_text("final", attempts="1"),
        }
    )
    assert report.ok, report.lines
    auth.login()
    started = client.submit(
        "/courses/cse/quiz/final/start", page="/courses/cse/quiz/final"
    )
    assert started.status_code == 302, started.get_data(as_text=True)
    done = submit(client, started.headers["Location"])
    assert done.status_code == 302
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "You have used all attempts of this quiz." in html
    assert html.count("Back to the course") == 1  # the button, not a link again
    assert "Back to the quiz" in html


def test_deadline_grades_what_was_saved_when_next_touched(
    sync: Any, synced: Any, learner: Any
) -> None:
    write_basics(sync, time_limit_minutes="10")
    session, person = learner
    attempt = service.start_attempt(session, person, "cse", "basics", T0)
    assert attempt.deadline_at == T0 + timedelta(minutes=10)
    service.save_answers(
        session,
        person,
        attempt.public_id,
        page_values(session, attempt.public_id, {"a-q-greet": "c1"}),
        ["q-greet"],
        T0 + timedelta(minutes=5),
    )
    session.commit()
    late = T0 + timedelta(minutes=11)
    with pytest.raises(service.AttemptClosed):
        service.save_answers(
            session,
            person,
            attempt.public_id,
            page_values(session, attempt.public_id, {"a-q-habits": ["c1"]}),
            ["q-habits"],
            late,
        )
    session.commit()
    graded = session.scalar(select(Attempt).where(Attempt.id == attempt.id))
    assert graded.finished_by == "deadline"
    assert graded.submitted_at == attempt.deadline_at
    assert graded.points == 1.0  # only the answer saved in time


def test_an_answer_just_after_the_deadline_is_still_taken(
    sync: Any, synced: Any, learner: Any
) -> None:
    write_basics(sync, time_limit_minutes="10")
    session, person = learner
    attempt = service.start_attempt(session, person, "cse", "basics", T0)
    result = service.save_answers(
        session,
        person,
        attempt.public_id,
        page_values(session, attempt.public_id, {"a-q-greet": "c1"}),
        ["q-greet"],
        T0 + timedelta(minutes=10, seconds=5),
    )
    assert result.saved == ["q-greet"]


def test_overdue_attempt_is_finalized_when_a_new_one_starts(
    sync: Any, synced: Any, learner: Any
) -> None:
    write_basics(sync, time_limit_minutes="5")
    session, person = learner
    first = service.start_attempt(session, person, "cse", "basics", T0)
    session.commit()
    second = service.start_attempt(
        session, person, "cse", "basics", T0 + timedelta(hours=1)
    )
    assert second.number == 2
    session.refresh(first)
    assert first.finished_by == "deadline"


def test_starting_twice_resumes_the_open_attempt(
    sync: Any, synced: Any, learner: Any
) -> None:
    write_basics(sync)
    session, person = learner
    first = service.start_attempt(session, person, "cse", "basics", T0)
    again = service.start_attempt(
        session, person, "cse", "basics", T0 + timedelta(seconds=1)
    )
    assert again.id == first.id


def test_draw_is_fixed_by_the_recorded_seed(
    sync: Any, synced: Any, learner: Any
) -> None:
    write_basics(sync, shuffle_choices="true", shuffle_questions="true")
    session, person = learner
    attempt = service.start_attempt(session, person, "cse", "basics", T0)
    _bank, first = service.drawn_items(session, attempt)
    _bank, replay = service.drawn_items(session, attempt)
    assert first == replay


@pytest.mark.parametrize(
    ("review", "when", "passed_first", "level"),
    [
        ("score", "immediately", False, "score"),
        ("answers", "immediately", False, "answers"),
        ("feedback", "immediately", False, "feedback"),
        ("feedback", "passed", False, "score"),
        ("feedback", "passed", True, "feedback"),
        ("feedback", "last_attempt", True, "score"),
    ],
)
def test_review_policy(
    sync: Any,
    synced: Any,
    learner: Any,
    review: str,
    when: str,
    passed_first: bool,
    level: str,
) -> None:
    write_basics(sync, review=review, review_when=when, attempts="2")
    session, person = learner
    attempt = take(session, person, T0, RIGHT if passed_first else WRONG)
    bank, items = service.drawn_items(session, attempt)
    attempts = service.attempts_of(session, person, attempt.course_id, "basics")
    assert review_level(bank.settings, attempt, attempts) == level
    answers = {
        a.question_id: (a.response_json, a.points, a.max_points)
        for a in attempt.answers
    }
    review_items = build_review(items, answers, level)
    shown = " ".join(
        " ".join(item.feedback + item.right_answer + item.your_answer)
        for item in review_items
    )
    assert ("FEEDBACK-" in shown) == (level == "feedback")
    assert all((item.correct is None) == (level == "score") for item in review_items)


def test_review_after_the_last_attempt(sync: Any, synced: Any, learner: Any) -> None:
    write_basics(sync, review="feedback", review_when="last_attempt", attempts="2")
    session, person = learner
    take(session, person, T0, WRONG)
    last = take(session, person, T0 + timedelta(minutes=5), WRONG)
    bank, _items = service.drawn_items(session, last)
    attempts = service.attempts_of(session, person, last.course_id, "basics")
    assert review_level(bank.settings, last, attempts) == "feedback"


def test_score_only_result_page_hides_answers(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync, review="score")
    auth.login()
    url = start(client)
    answer(client, url, RIGHT)
    submit(client, url)
    html = client.get(url + "/result").get_data(as_text=True)
    assert "100%" in html
    assert "FEEDBACK-" not in html
    assert "Your answer:" not in html


def test_last_attempt_counts_when_grading_is_last(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync, grading="last")
    auth.login()
    first = start(client)
    answer(client, first, RIGHT)
    submit(client, first)
    second = start(client)
    answer(client, second, WRONG)
    submit(client, second)
    assert "not passed yet (0%)" in client.get("/courses/cse").get_data(as_text=True)


def test_paged_attempt_moves_between_pages_and_keeps_answers(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync, questions_per_page="2")
    auth.login()
    url = start(client)
    page1 = client.get(url).get_data(as_text=True)
    assert "Page 1 of 3" in page1
    assert "Put the complaint steps" not in page1
    response = client.submit(
        url,
        {
            "present": ["q-greet", "q-habits"],
            **in_page(client, url, {"a-q-greet": "c1"}),
            "revision": page_revision(page1),
            "action": "next",
            "page": "1",
        },
        page=url,
    )
    assert response.headers["Location"].endswith("page=2")
    assert "Put the complaint steps" in client.get(url + "?page=2").get_data(
        as_text=True
    )
    (greet,) = in_page(client, url, {"a-q-greet": "c1"})["a-q-greet"]
    assert f'value="{greet}" checked' in client.get(url + "?page=1").get_data(
        as_text=True
    )


def test_time_limited_attempt_page_shows_the_server_deadline(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    write_basics(sync, time_limit_minutes="20")
    auth.login()
    url = start(client)
    html = client.get(url).get_data(as_text=True)
    deadline = db.scalar(select(Attempt.deadline_at))
    assert f'data-deadline="{deadline.isoformat()}"' in html
    assert 'data-minutes-text="{minutes} min left"' in html
    assert 'aria-live="polite"' in html
