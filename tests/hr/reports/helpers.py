"""Shared arrangements for the export tests: certified people in departments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.models import Assignment, Certificate, Course, Department, Person
from tests.certify.helpers import earn
from tests.fixtures.people import PASSWORD

NOW = utcnow().replace(microsecond=0)
TODAY = NOW.date()


def department_id(session: Any, name: str) -> int:
    found = session.scalar(select(Department.id).where(Department.name == name))
    if found is not None:
        return int(found)
    department = Department(name=name)
    session.add(department)
    session.flush()
    return department.id


def certify(
    app: Flask,
    make_person: Any,
    *,
    name: str | None = None,
    employee_id: str | None = None,
    department: str | None = None,
    when: datetime = NOW,
    roles: tuple[str, ...] = ("learner",),
    language: str = "en",
) -> tuple[Person, Certificate]:
    """A person (in a department, with an employee id) who earned the cse course."""
    person = make_person(name=name, roles=roles, language=language)
    session = get_database(app).sessionmaker()
    try:
        row = session.get(Person, person.id)
        assert row is not None
        row.employee_id = employee_id
        if department:
            row.department_id = department_id(session, department)
        session.commit()
        certificate = earn(session, row, when)
        session.expunge_all()
        return row, certificate
    finally:
        session.close()


def assign(app: Flask, person_id: int, assigned_on: date, due_on: date | None) -> None:
    session = get_database(app).sessionmaker()
    try:
        course_id = session.scalar(select(Course.id).where(Course.slug == "cse"))
        session.add(
            Assignment(
                person_id=person_id,
                course_id=course_id,
                assigned_on=assigned_on,
                due_on=due_on,
            )
        )
        session.commit()
    finally:
        session.close()


def login(client: Any, person: Person) -> None:
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
