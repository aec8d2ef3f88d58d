"""What workers do on a schedule: settle attempts whose time ran out (and issue
what they earned), e-mail reminders, re-open expired assignments; no page view
or command needed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from lms import create_app
from lms.db import get_database
from lms.errors import ConfigError
from lms.hr.assignments import assign_course
from lms.jobs.queue import get_queue
from lms.models import Assignment, Attempt, Certificate, Person, ReminderSent
from lms.quiz import attempts as quiz
from lms.quiz.engine.draw import drawn_questions
from tests.certify.helpers import complete_lessons, earn, pass_quiz
from tests.hr.helpers import at, course_id

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def run_periodic(app: Any, name: str, when: datetime) -> None:
    """Run the named periodic task the way the consumer's scheduler does at ``when``."""
    huey = get_queue(app).huey
    due = list(huey.read_periodic(when.replace(tzinfo=None)))
    names = [task.name for task in due]
    assert name in names, names
    for task in due:
        if task.name == name:
            huey.execute(task)


def test_an_attempt_whose_time_ran_out_is_settled_and_certified(
    app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    session = get_database(app).sessionmaker()
    person = session.get(Person, make_person().id)
    complete_lessons(session, person, START)
    for bank in ("basics", "advanced"):
        pass_quiz(session, person, bank, START)
    attempt = quiz.start_attempt(session, person, "cse", "final", START)
    _bank, items = quiz.drawn_items(session, attempt)
    values, shown = {}, []
    for drawn in drawn_questions(items):
        choice = next(c for c in drawn.question.choices if c.correct)
        values[f"a-{drawn.question.id}"] = [choice.id]
        shown.append(drawn.question.id)
    fields = quiz.page_fields(attempt, items, values)
    quiz.save_answers(session, person, attempt.public_id, fields, shown, START)
    attempt.deadline_at = START + timedelta(minutes=1)  # left open, time ran out
    session.commit()
    session.close()

    run_periodic(app, "lms.settle", datetime.now(UTC).replace(minute=5))
    db.rollback()
    settled = db.scalar(select(Attempt).where(Attempt.bank_id == "final"))
    assert settled is not None
    assert settled.finished_by == "deadline"
    assert settled.passed is True
    assert db.scalar(select(Certificate.person_id)) == person.id


def test_reminders_and_reopening_run_on_their_schedule(
    app: Any, make_person: Any, synced: Any, db: Any
) -> None:
    late_id, expired_id = make_person().id, make_person().id
    session = get_database(app).sessionmaker()
    late = session.get(Person, late_id)
    expired = session.get(Person, expired_id)
    earn(session, expired, at(date(2020, 1, 1)))  # long expired
    today = datetime.now(UTC).date()
    for who in (late, expired):
        assign_course(
            session,
            None,
            course_id=course_id(session),
            target="people",
            identifiers=who.email,
            due_on=today - timedelta(days=3),
            today=today - timedelta(days=10),
            now=at(today - timedelta(days=10)),
        )
    session.commit()
    session.close()

    run_periodic(app, "lms.reopen", datetime.now(UTC).replace(minute=30))
    db.rollback()
    reopened = db.scalar(
        select(Assignment.reopened_on).where(Assignment.person_id == expired.id)
    )
    assert reopened is not None
    run_periodic(app, "lms.reminders", datetime.now(UTC).replace(hour=6, minute=0))
    db.rollback()
    reminded = set(db.scalars(select(ReminderSent.person_id)))
    assert late.id in reminded


def test_schedules_are_settings(app_config: dict[str, Any]) -> None:
    app_config["LMS_SCHEDULE_REMINDERS"] = "15 7 * * 1-5"
    app_config["LMS_SCHEDULE_SETTLE"] = ""
    app = create_app(app_config)
    huey = get_queue(app).huey
    names = {task.name for task in huey._registry.periodic_tasks}
    assert "lms.settle" not in names
    monday = datetime(2026, 3, 2, 7, 15, tzinfo=UTC).replace(
        tzinfo=None
    )  # Huey: naive UTC
    assert "lms.reminders" in {t.name for t in huey.read_periodic(monday)}
    assert "lms.reminders" not in {
        t.name for t in huey.read_periodic(monday + timedelta(days=5))
    }
    get_database(app).dispose()

    app_config["LMS_SCHEDULE_REMINDERS"] = "every morning"
    with pytest.raises(ConfigError, match="LMS_SCHEDULE_REMINDERS must be five cron"):
        create_app(app_config)
