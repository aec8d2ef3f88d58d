"""The facts behind the refresher figures, read from the database (the lessons
a topic comes from: lms/refresh/links.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import (
    Course,
    Department,
    Person,
    RefresherAnswer,
    RefresherSession,
)
from lms.refresh.retention import AnswerFact, SessionFact


def answer_facts(
    session: Session, since: date | None = None, until: date | None = None
) -> list[AnswerFact]:
    """Every first answer (refreshers due from ``since`` through ``until``), with
    the person's department now."""
    query = (
        select(
            RefresherSession.due_on,
            Course.slug,
            RefresherAnswer.topic,
            Department.name,
            RefresherSession.person_id,
            RefresherAnswer.correct,
        )
        .join(RefresherSession, RefresherSession.id == RefresherAnswer.session_id)
        .join(Course, Course.id == RefresherSession.course_id)
        .join(Person, Person.id == RefresherSession.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
    )
    if since is not None:
        query = query.where(RefresherSession.due_on >= since)
    if until is not None:
        query = query.where(RefresherSession.due_on <= until)
    return [
        AnswerFact(day, slug, topic, department or "", person_id, bool(correct))
        for day, slug, topic, department, person_id, correct in session.execute(query)
    ]


def session_facts(session: Session, since: date | None = None) -> list[SessionFact]:
    """Every refresher given, and whether it got an answer."""
    answered = (
        select(func.count(RefresherAnswer.id))
        .where(RefresherAnswer.session_id == RefresherSession.id)
        .scalar_subquery()
    )
    query = (
        select(RefresherSession.due_on, Course.slug, Department.name, answered)
        .join(Course, Course.id == RefresherSession.course_id)
        .join(Person, Person.id == RefresherSession.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
    )
    if since is not None:
        query = query.where(RefresherSession.due_on >= since)
    return [
        SessionFact(day, slug, department or "", bool(count))
        for day, slug, department, count in session.execute(query)
    ]
