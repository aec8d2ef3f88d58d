"""Assigning to people, departments and everyone; rules for newcomers; re-assigning."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.errors import ValidationError
from lms.hr.assignments import apply_rules_to, assign_course, parse_identifiers
from lms.models import Assignment, AssignmentRule, AuditEntry, Course
from tests.hr.helpers import at, course_id, department, person

TODAY = date(2025, 3, 3)


@pytest.fixture
def session(app: Any, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


def assign(session: Session, **values: Any) -> Any:
    values.setdefault("course_id", course_id(session))
    values.setdefault("due_in_days", None if "due_on" in values else 30)
    today = values.pop("today", TODAY)
    return assign_course(session, None, today=today, now=at(today), **values)


def assigned(session: Session) -> dict[int, Assignment]:
    return {a.person_id: a for a in session.scalars(select(Assignment))}


def test_identifiers_are_split_on_lines_commas_and_spaces() -> None:
    text = "a@example.com\n E-17 ;b@example.com,, a@example.com\r\n\n"
    assert parse_identifiers(text) == ["a@example.com", "E-17", "b@example.com"]


def test_assign_to_people_by_email_or_employee_id(session: Session) -> None:
    ada = person(session)
    bob = person(session, employee_id="E-17")
    person(session)  # not named: not assigned
    result = assign(
        session, target="people", identifiers=f"{ada.email.upper()}\nE-17\n"
    )
    assert (result.created, result.updated, result.rule_id) == (2, 0, None)
    rows = assigned(session)
    assert set(rows) == {ada.id, bob.id}
    assert rows[ada.id].assigned_on == TODAY
    assert rows[ada.id].due_on == TODAY + timedelta(days=30)
    assert rows[ada.id].rule_id is None
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.target) == ("assignment.create", "course:cse")
    details = json.loads(entry.details_json)
    assert (details["created"], details["updated"], details["target"]) == (
        2,
        0,
        "people",
    )


def test_unknown_or_inactive_people_stop_the_whole_assignment(
    session: Session,
) -> None:
    ada = person(session)
    gone = person(session, active=False)
    with pytest.raises(ValidationError) as caught:
        assign(
            session,
            target="people",
            identifiers=f"{ada.email}\nnobody@example.com\n{gone.email}\nE-404",
        )
    assert caught.value.field == "people"
    message = str(caught.value)
    assert "nobody@example.com" in message
    assert gone.email in message
    assert "E-404" in message
    assert ada.email not in message
    assert assigned(session) == {}


def test_reassigning_changes_the_due_date_only(session: Session) -> None:
    ada = person(session)
    assign(session, target="people", identifiers=ada.email, due_on=date(2025, 4, 1))
    later = TODAY + timedelta(days=10)
    result = assign(
        session, target="people", identifiers=ada.email, due_in_days=14, today=later
    )
    assert (result.created, result.updated) == (0, 1)
    row = assigned(session)[ada.id]
    assert row.assigned_on == TODAY
    assert (row.due_on, row.due_in_days) == (later + timedelta(days=14), 14)
    assert len(session.scalars(select(Assignment)).all()) == 1


def test_a_department_gets_a_rule_and_its_members_now(session: Session) -> None:
    sales, support = department(session, "Sales"), department(session, "Support")
    seller = person(session, dept=sales)
    person(session, dept=sales, active=False)
    helper = person(session, dept=support)
    result = assign(
        session, target="department", department_id=sales.id, due_on=date(2025, 5, 1)
    )
    assert (result.created, result.updated) == (1, 0)
    rows = assigned(session)
    assert set(rows) == {seller.id}
    rule = session.scalars(select(AssignmentRule)).one()
    assert (rule.department_id, rule.due_on, rule.due_in_days) == (
        sales.id,
        date(2025, 5, 1),
        None,
    )
    assert rows[seller.id].rule_id == rule.id

    # The same department again: the rule is updated, not duplicated.
    again = assign(session, target="department", department_id=sales.id)
    assert (again.created, again.updated, again.rule_id) == (0, 1, rule.id)
    assert session.scalars(select(AssignmentRule)).one().due_in_days == 30

    # A newcomer to Sales gets the course; one to Support does not.
    newcomer = person(session, dept=sales)
    other = person(session, dept=support)
    later = TODAY + timedelta(days=7)
    assert apply_rules_to(session, [newcomer.id, other.id, helper.id], later) == 1
    rows = assigned(session)
    assert set(rows) == {seller.id, newcomer.id}
    assert rows[newcomer.id].assigned_on == later
    assert rows[newcomer.id].due_on == later + timedelta(days=30)
    assert apply_rules_to(session, [newcomer.id], later) == 0


def test_everyone_includes_active_people_and_newcomers(session: Session) -> None:
    sales = department(session, "Sales")
    people = [person(session, dept=sales), person(session), person(session)]
    person(session, active=False)
    result = assign(session, target="everyone", due_in_days=60)
    assert result.created == 3
    assert set(assigned(session)) == {p.id for p in people}
    rule = session.scalars(select(AssignmentRule)).one()
    assert rule.department_id is None

    newcomer = person(session)
    sleeper = person(session, active=False)
    assert apply_rules_to(session, [newcomer.id, sleeper.id], TODAY) == 1
    assert apply_rules_to(session, [], TODAY) == 0
    assert newcomer.id in assigned(session)


def test_rules_of_retired_courses_are_not_applied(session: Session) -> None:
    assign(session, target="everyone")
    session.scalars(select(Course)).one().retired_at = at(TODAY)
    newcomer = person(session)
    assert apply_rules_to(session, [newcomer.id], TODAY) == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"target": "people", "identifiers": " \n "}, "people"),
        ({"target": "department", "department_id": None}, "department"),
        ({"target": "department", "department_id": 9999}, "department"),
        ({"target": "somebody"}, "target"),
        ({"target": "everyone", "due_on": TODAY - timedelta(days=1)}, "due_on"),
        ({"target": "everyone", "due_in_days": 0}, "due_in_days"),
        ({"target": "everyone", "due_in_days": 5000}, "due_in_days"),
        (
            {"target": "everyone", "due_in_days": 3, "due_on": TODAY},
            "due",
        ),
        ({"target": "everyone", "course_id": 9999}, "course"),
    ],
)
def test_bad_input_is_refused_with_its_field(
    session: Session, values: dict[str, Any], field: str
) -> None:
    person(session)
    with pytest.raises(ValidationError) as caught:
        assign(session, **values)
    assert caught.value.field == field
    assert assigned(session) == {}


def test_unpublished_courses_cannot_be_assigned(session: Session) -> None:
    session.scalars(select(Course)).one().published = False
    with pytest.raises(ValidationError):
        assign(session, target="everyone")
