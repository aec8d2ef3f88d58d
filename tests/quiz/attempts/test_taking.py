"""Taking a quiz in the browser: start, save, resume, submit once, results."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from lms.models import Attempt, AttemptAnswer, CourseQuizzes, QuizSet
from tests.quiz.attempts.helpers import (
    ALL,
    RIGHT,
    WRONG,
    answer,
    attempt_id,
    current_revision,
    in_page,
    page_revision,
    start,
    submit,
    write_basics,
)

KEY_MARKERS = (
    "FEEDBACK-",
    "GENERAL-GREET",
    "internal customer",
    "colleague",
    "[x]",
    "correct",
)


OPAQUE = re.compile(r"[A-Za-z0-9_-]{12}")  # never a bank id such as c1 or o2


def test_attempt_page_shows_questions_but_never_the_key(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    write_basics(sync, shuffle_choices="true", shuffle_questions="true")
    auth.login()
    url = start(client)
    html = client.get(url).get_data(as_text=True)
    for stem in (
        "Which greeting fits best?",
        "Put the complaint steps in order",
        "Match the channel to its strength",
        "Tone of voice",
    ):
        assert stem in html
    for marker in KEY_MARKERS:
        assert marker not in html, marker
    # No identifier names a bank id (numbered in the author's order, the key of
    # ordering and matching), and the seed that keys the page's ids stays away.
    options = re.findall(r'type="(?:radio|checkbox)"[^>]*value="([^"]*)"', html)
    options += [v for v in re.findall(r'<option value="([^"]*)"', html) if v]
    options += re.findall(r'name="a-q-(?:steps|match)-([^"]+)"', html)
    options += re.findall(r'(?:id|for)="a-q-(?:greet|habits)-([^"]+)"', html)
    assert len(options) > 20
    for option in options:
        assert option.isdigit() or OPAQUE.fullmatch(option), option
    assert not re.search(r'data-[a-z-]+="[comr]\d+"', html)
    seed = db.scalar(select(Attempt.seed).where(Attempt.public_id == attempt_id(url)))
    assert str(seed) not in html
    # Every response while the attempt is open is free of the key, too.
    for response in (
        answer(client, url, RIGHT),
        answer(client, url, RIGHT, headers={"Accept": "application/json"}),
        client.get(url + "/submit"),
    ):
        body = response.get_data(as_text=True)
        for marker in KEY_MARKERS:
            assert marker not in body, marker


def test_saved_answers_come_back_on_reload_and_in_another_browser(
    client: Any, make_client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync)
    person = auth.login()
    url = start(client)
    response = answer(client, url, RIGHT)
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    (greet,) = in_page(client, url, {"a-q-greet": "c1"})["a-q-greet"]
    assert f'value="{greet}" checked' in html
    assert 'value="Internal   CUSTOMER"' in html or 'value="Internal CUSTOMER"' in html
    assert '<option value="3" selected>' in html
    other = make_client()
    other.submit(
        "/login", {"email": person.email, "password": "correct horse battery staple"}
    )
    assert start(other) == url  # the same attempt resumes
    assert f'value="{greet}" checked' in other.get(url).get_data(as_text=True)


def test_script_saves_one_question_as_json(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    response = client.submit(
        url,
        {
            "present": "q-greet",
            "revision": page_revision(client.get(url).get_data(as_text=True)),
            **in_page(client, url, {"a-q-greet": "c2"}),
        },
        page=url,
        headers={"Accept": "application/json"},
    )
    # The page keeps the new revision for its next save.
    assert response.get_json() == {"saved": ["q-greet"], "errors": {}, "revision": 1}
    rows = db.scalars(select(AttemptAnswer)).all()
    assert [(r.question_id, r.response_json) for r in rows] == [("q-greet", '"c2"')]


def test_incomplete_ordering_is_explained_not_rejected(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    response = client.submit(
        url,
        {
            "present": "q-steps",
            "revision": current_revision(client, url),
            **in_page(client, url, {"a-q-steps-o1": "1", "a-q-steps-o2": "1"}),
        },
        page=url,
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert "own position" in response.get_json()["errors"]["q-steps"]


def test_submit_grades_once_and_shows_feedback(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    answer(client, url, RIGHT)
    first = submit(client, url)
    assert first.headers["Location"] == url + "/result"
    assert submit(client, url).headers["Location"] == url + "/result"
    attempt = db.scalar(select(Attempt))
    assert (attempt.percent, attempt.passed, attempt.finished_by) == (
        100.0,
        True,
        "learner",
    )
    version = db.scalar(
        select(QuizSet.version).join(
            CourseQuizzes, CourseQuizzes.quiz_set_id == QuizSet.id
        )
    )
    assert attempt.content_hash == version
    html = client.get(url + "/result").get_data(as_text=True)
    assert "100% — 5 of 5 points" in html
    assert "FEEDBACK-GREET-RIGHT" in html
    assert "GENERAL-GREET" in html


def test_partial_credit_is_reported(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    answer(
        client,
        url,
        {"a-q-habits": ["c1", "c3"], "a-q-match-m1": "r1", "a-q-match-m2": "r3"},
    )
    submit(client, url)
    points = dict(
        db.execute(select(AttemptAnswer.question_id, AttemptAnswer.points)).all()
    )
    assert points["q-habits"] == 0.0  # one right (+1/2), one wrong (-1/2)
    assert points["q-match"] == 0.5
    assert points["q-greet"] == 0.0  # unanswered


def test_fail_then_pass_marks_the_module_quiz_passed(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    answer(client, url, WRONG)
    submit(client, url)
    course = client.get("/courses/cse").get_data(as_text=True)
    assert "not passed yet (0%)" in course
    second = start(client)
    assert second != url
    answer(client, second, RIGHT)
    submit(client, second)
    course = client.get("/courses/cse").get_data(as_text=True)
    assert "passed with 100%" in course
    overview = client.get("/courses/cse/quiz/basics").get_data(as_text=True)
    assert "Passed with 100%." in overview


@pytest.mark.parametrize(
    "tampered",
    [
        {"present": ALL, "a-q-nope": "c1"},  # unknown question field
        {"present": [*ALL, "q-nope"]},  # a question not drawn
        {"present": ALL, "a-q-greet": "c9"},  # a choice the question lacks
        {"present": ALL, "a-q-greet": "c2"},  # a bank id, not the page's
        {"present": ALL, "a-q-greet": "c2x"},  # an id edited by hand
        {"present": ALL, "a-q-match-m1": "c1"},  # an id from another question
        {"present": ALL, "a-q-steps-o1": "1"},  # the bank's item id
        {"present": ALL, "a-q-steps-o9": "1"},  # an item the question lacks
    ],
)
def test_tampered_forms_get_400_and_change_nothing(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any, tampered: dict[str, Any]
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    valid = in_page(client, url, {"a-q-greet": "c1"})
    response = client.submit(url, {**valid, **tampered}, page=url)
    assert response.status_code == 400
    assert db.scalars(select(AttemptAnswer)).all() == []


def test_ids_of_another_question_or_attempt_get_400_and_save_nothing(
    client: Any,
    make_client: Any,
    auth: Any,
    make_person: Any,
    sync: Any,
    synced: Any,
    db: Any,
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    first = in_page(client, url, RIGHT)
    answer(client, url, WRONG)
    submit(client, url)
    second = start(client)
    again = in_page(client, second, RIGHT)
    other_client = make_client()
    other = make_person()
    other_client.submit(
        "/login", {"email": other.email, "password": "correct horse battery staple"}
    )
    foreign = in_page(other_client, start(other_client), RIGHT)
    habits = in_page(client, second, {"a-q-habits": "c1"})["a-q-habits"]
    stored = sorted(
        (a.attempt_id, a.question_id, a.response_json)
        for a in db.scalars(select(AttemptAnswer))
    )
    for fields in (
        first,  # replayed from the learner's earlier attempt
        foreign,  # another learner's attempt of the same quiz
        {**again, "a-q-greet": habits},  # another question's id
    ):
        assert fields != again
        response = client.submit(second, {"present": ALL, **fields}, page=second)
        assert response.status_code == 400
        db.expire_all()
        assert stored == sorted(
            (a.attempt_id, a.question_id, a.response_json)
            for a in db.scalars(select(AttemptAnswer))
        )
    assert answer(client, second, RIGHT).status_code == 302


def test_page_ids_are_keyed_by_a_random_key_not_by_the_seed(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    """The seed is 31 bits: ids derived from it alone could be found by trying
    every seed offline. Each attempt has its own random 256-bit key instead."""
    write_basics(sync)
    auth.login()
    url = start(client)
    shown = in_page(client, url, RIGHT)
    db.rollback()
    attempt = db.scalar(select(Attempt).where(Attempt.public_id == attempt_id(url)))
    assert attempt is not None
    assert attempt.page_key is not None
    assert len(attempt.page_key) == 64
    assert attempt.page_key not in client.get(url).get_data(as_text=True)
    # The same attempt keyed by its seed alone (as attempts begun before the key
    # existed are) would name its options differently.
    attempt.page_key = None
    db.commit()
    assert in_page(client, url, RIGHT) != shown


def test_another_learners_attempt_is_404(
    client: Any, make_client: Any, auth: Any, sync: Any, synced: Any, make_person: Any
) -> None:
    write_basics(sync)
    auth.login()
    url = start(client)
    intruder = make_person()
    other = make_client()
    other.submit(
        "/login", {"email": intruder.email, "password": "correct horse battery staple"}
    )
    assert other.get(url).status_code == 404
    assert other.get(url + "/result").status_code == 404
    assert answer(other, url, RIGHT).status_code == 404
    assert submit(other, url).status_code == 404
    assert attempt_id(url) not in other.get("/courses/cse/quiz/basics").get_data(
        as_text=True
    )


def test_included_bank_is_not_offered_as_a_quiz_of_its_own(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    assert client.get("/courses/cse/quiz/basics").status_code == 200
    assert client.get("/courses/cse/quiz/final").status_code == 200
    assert client.get("/courses/cse/quiz/nope").status_code == 404
