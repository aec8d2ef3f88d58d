"""`lms reminders send`: who is due soon, overdue or expiring; once a day; e-mail."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.hr.assignments import assign_course
from lms.hr.reminders import Kind, due_reminders
from lms.models import ReminderSent
from tests.certify.helpers import earn
from tests.fixtures.smtp_sink import smtp_sink
from tests.hr.helpers import at, course_id, person

TODAY = date(2025, 6, 10)


def give(session: Session, who: Any, assigned: date, due: date) -> None:
    assign_course(
        session,
        None,
        course_id=course_id(session),
        target="people",
        identifiers=who.email,
        due_on=due,
        today=assigned,
        now=at(assigned),
    )


@pytest.fixture
def organisation(app: Flask, synced: Any) -> Iterator[dict[str, Any]]:
    session = get_database(app).sessionmaker()
    people = {
        "soon": person(session, "Soon"),
        "late": person(session, "Late", language="de"),
        "expiring": person(session, "Expiring"),
        "relaxed": person(session, "Relaxed"),
        "done": person(session, "Done"),
        "gone": person(session, "Gone"),
    }
    earn(session, people["expiring"], at(date(2024, 7, 1)))  # valid to 2025-07-01
    earn(session, people["done"], at(date(2025, 6, 1)))
    give(session, people["soon"], date(2025, 6, 1), date(2025, 6, 15))
    give(session, people["late"], date(2025, 5, 1), date(2025, 6, 5))
    give(session, people["expiring"], date(2025, 1, 1), date(2025, 2, 1))
    give(session, people["relaxed"], date(2025, 6, 1), date(2025, 7, 10))
    give(session, people["done"], date(2025, 5, 1), date(2025, 6, 30))
    give(session, people["gone"], date(2025, 5, 1), date(2025, 6, 5))
    people["gone"].active = False  # left after being assigned
    session.commit()
    yield {key: value.email for key, value in people.items()}
    session.close()


def sent_count(app: Flask) -> int:
    with get_database(app).sessionmaker() as session:
        return session.scalar(select(func.count(ReminderSent.id))) or 0


def test_who_needs_a_reminder(app: Flask, organisation: dict[str, str]) -> None:
    with get_database(app).sessionmaker() as session:
        found = {(r.email, r.kind, r.day) for r in due_reminders(session, TODAY)}
    assert found == {
        (organisation["soon"], Kind.DUE_SOON, date(2025, 6, 15)),
        (organisation["late"], Kind.OVERDUE, date(2025, 6, 5)),
        (organisation["expiring"], Kind.EXPIRING, date(2025, 7, 1)),
    }


def test_due_soon_starts_seven_days_ahead(app: Flask, organisation: Any) -> None:
    with get_database(app).sessionmaker() as session:
        kinds = {r.email: r.kind for r in due_reminders(session, date(2025, 7, 3))}
    assert kinds[organisation["relaxed"]] is Kind.DUE_SOON
    with get_database(app).sessionmaker() as session:
        emails = {r.email for r in due_reminders(session, date(2025, 7, 2))}
    assert organisation["relaxed"] not in emails


def test_send_lists_once_a_day(
    app: Flask, runner: Any, organisation: dict[str, str]
) -> None:
    result = runner.invoke(args=["reminders", "send", "--today", "2025-06-10"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["E-mail", "Course", "Kind", "Date"]
    assert any(
        organisation["soon"] in line
        and "Customer Service" in line
        and "due_soon" in line
        and "2025-06-15" in line
        for line in lines
    )
    assert any(
        organisation["late"] in line and "overdue" in line and "2025-06-05" in line
        for line in lines
    )
    assert any(
        organisation["expiring"] in line and "expiring" in line and "2025-07-01" in line
        for line in lines
    )
    for quiet in ("relaxed", "done", "gone"):
        assert organisation[quiet] not in result.output
    assert "3 reminder(s) recorded; not e-mailed" in result.output
    assert sent_count(app) == 3

    again = runner.invoke(args=["reminders", "send", "--today", "2025-06-10"])
    assert again.exit_code == 0, again.output
    assert again.output.strip() == "nothing new on 2025-06-10"
    assert sent_count(app) == 3

    next_day = runner.invoke(args=["reminders", "send", "--today", "2025-06-11"])
    assert next_day.exit_code == 0, next_day.output
    assert "3 reminder(s) recorded" in next_day.output
    assert sent_count(app) == 6


def test_a_bad_date_is_one_line(runner: Any, organisation: Any) -> None:
    result = runner.invoke(args=["reminders", "send", "--today", "10.6.2025"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "--today" in result.output


def test_reminders_are_mailed_one_per_person(
    app: Flask, runner: Any, organisation: dict[str, str]
) -> None:
    with smtp_sink() as sink:
        app.config.update(
            LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=sink.server_address[1]
        )
        result = runner.invoke(args=["reminders", "send", "--today", "2025-06-10"])
        assert result.exit_code == 0, result.output
        assert "e-mailed 3 of 3 people (3 reminder(s))" in result.output
        again = runner.invoke(args=["reminders", "send", "--today", "2025-06-10"])
        assert "nothing new" in again.output
    messages = {message["To"]: message for message in sink.messages}
    assert set(messages) == {
        organisation["soon"],
        organisation["late"],
        organisation["expiring"],
    }
    soon = messages[organisation["soon"]]
    assert soon["Subject"] == "Training reminder"
    body = soon.get_content()
    assert "Customer Service" in body
    assert "http://lms.test/courses/cse" in body
    assert "is due on 15 June 2025" in body or "June 15, 2025" in body
    late = messages[organisation["late"]].get_content()
    assert "Kundenservice" in late  # the course title in the person's language
    assert "war fällig am 5. Juni 2025" in late  # the date in her language
    assert (
        "your certificate is valid until"
        in messages[organisation["expiring"]].get_content()
    )


def test_unsent_reminders_are_retried(
    app: Flask, runner: Any, organisation: dict[str, str]
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app.config.update(LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=port)
    failed = runner.invoke(args=["reminders", "send", "--today", "2025-06-10"])
    assert failed.exit_code == 1
    assert f"could not e-mail {organisation['soon']}" in failed.output
    assert sent_count(app) == 0
    with smtp_sink() as sink:
        app.config["LMS_SMTP_PORT"] = sink.server_address[1]
        retried = runner.invoke(args=["reminders", "send", "--today", "2025-06-10"])
    assert retried.exit_code == 0, retried.output
    assert len(sink.messages) == 3
    assert sent_count(app) == 3
