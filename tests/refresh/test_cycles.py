"""A person through several refresher cycles with a fixed clock, on the real
database: wrong answers come back sooner, right ones later; twice counts once."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from lms.db import get_database
from lms.models import Course, RefresherAnswer, RefresherBox
from lms.refresh import services
from tests.certify.helpers import earn
from tests.refresh.helpers import course_with_refresher

ALWAYS_WRONG = "extra/q-extra-1"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _answer_all(db: Any, row: Any, course: Course, day: date) -> dict[str, bool]:
    given = {}
    for key in services.question_keys(row):
        question = services.resolve(db, course, key, "en", lambda s: s)
        assert question is not None
        right = key != ALWAYS_WRONG
        choice = next(c for c in question.choices if c.correct == right)
        services.answer_question(db, row, key, question, choice.id, day, _at(day))
        given[key] = right
    return given


@pytest.fixture
def setup(app: Any, sync: Any, make_person: Any) -> Any:
    assert sync(course_with_refresher()).ok
    person = make_person()
    db = get_database(app).sessionmaker()
    person = db.merge(person)
    earn(db, person, _at(date(2026, 1, 5)))
    course = db.scalar(select(Course).where(Course.slug == "cse"))
    yield db, person, course
    db.close()


def test_cycles_wrong_sooner_right_later(setup: Any) -> None:
    db, person, course = setup
    assert services.due_refresher(db, person, course, date(2026, 1, 18)) is None
    day = date(2026, 1, 19)
    schedule = []
    seen_wrong = []
    for _cycle in range(8):
        due = services.due_refresher(db, person, course, day)
        assert due is not None, day
        row = services.start_refresher(db, person, course, day, _at(day))
        assert services.start_refresher(db, person, course, day, _at(day)) is row
        keys = services.question_keys(row)
        boxes_before = {
            b.question_key: b.box
            for b in db.scalars(
                select(RefresherBox).where(RefresherBox.person_id == person.id)
            )
        }
        # A question answered wrong last time (box 1) is back in the next one.
        for key, box in boxes_before.items():
            if box == 1:
                assert key in keys
        given = _answer_all(db, row, course, day)
        seen_wrong.append(ALWAYS_WRONG in keys)
        db.commit()
        boxes = {
            b.question_key: (b.box, b.due_on)
            for b in db.scalars(
                select(RefresherBox).where(RefresherBox.person_id == person.id)
            )
        }
        for key, right in given.items():
            box, due_on = boxes[key]
            if right:
                assert box >= 2
                assert due_on >= day + timedelta(days=14)
            else:
                assert (box, due_on) == (1, day)
        schedule.append((day.isoformat(), {k: boxes[k][0] for k in keys}))
        assert row.finished_at is not None
        assert services.due_refresher(db, person, course, day) is None
        day += timedelta(days=14)
    # Once drawn and missed, the wrong one comes back every time.
    first = seen_wrong.index(True)
    assert all(seen_wrong[first:])
    right_boxes = [
        b.box
        for b in db.scalars(select(RefresherBox))
        if b.question_key != ALWAYS_WRONG
    ]
    assert max(right_boxes) >= 3  # right several times: later and later
    print(json.dumps(schedule, indent=1))  # the schedule in the report


def test_answer_twice_and_after_expiry_counts_once(setup: Any) -> None:
    db, person, course = setup
    day = date(2026, 1, 19)
    row = services.start_refresher(db, person, course, day, _at(day))
    key = services.question_keys(row)[0]
    question = services.resolve(db, course, key, "en", lambda s: s)
    assert question is not None
    right = next(c for c in question.choices if c.correct).id
    wrong = next(c for c in question.choices if not c.correct).id
    first = services.answer_question(db, row, key, question, wrong, day, _at(day))
    again = services.answer_question(db, row, key, question, right, day, _at(day))
    assert again.id == first.id
    assert not again.correct
    late = row.expires_on
    other = services.question_keys(row)[1]
    q2 = services.resolve(db, course, other, "en", lambda s: s)
    assert q2 is not None
    with pytest.raises(services.Expired):
        services.answer_question(db, row, other, q2, right, late, _at(late))
    db.commit()
    assert len(db.scalars(select(RefresherAnswer)).all()) == 1


def test_no_certificate_no_refresher(app: Any, sync: Any, make_person: Any) -> None:
    assert sync(course_with_refresher()).ok
    db = get_database(app).sessionmaker()
    person = db.merge(make_person())
    course = db.scalar(select(Course).where(Course.slug == "cse"))
    assert services.due_refresher(db, person, course, date(2027, 1, 1)) is None
    assert services.due_refreshers(db, person, date(2027, 1, 1)) == []
    db.close()
