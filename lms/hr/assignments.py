"""Assigning courses to people, departments or everyone; re-opening (renewal.py);
the learner's own list (learner.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.auth.services import normalize_email
from lms.catalog.paths import by_id, longer_choice, parse_paths
from lms.content.schema import LearningPath
from lms.errors import ValidationError
from lms.hr.learner import LearnerAssignment as LearnerAssignment  # this API
from lms.hr.learner import assignments_for as assignments_for  # this API
from lms.hr.renewal import reopen_expired as reopen_expired  # part of this API
from lms.hr.rules import due_date
from lms.models import (
    Assignment,
    AssignmentRule,
    Course,
    Department,
    Person,
)

MAX_DUE_DAYS = 3650
_SEPARATORS = re.compile(r"[\s,;]+")
_SHOWN_UNKNOWN = 20


class Target(StrEnum):
    PEOPLE = "people"
    DEPARTMENT = "department"
    EVERYONE = "everyone"


@dataclass(frozen=True)
class AssignResult:
    created: int
    updated: int
    rule_id: int | None


def parse_identifiers(text: str) -> list[str]:
    """E-mail addresses or employee ids, one per line (commas and spaces work too)."""
    seen: dict[str, None] = {}
    for item in _SEPARATORS.split(text):
        if item:
            seen.setdefault(item, None)
    return list(seen)


def resolve_people(
    session: Session, identifiers: Sequence[str]
) -> tuple[list[int], list[str]]:
    """Ids of the active people named by e-mail or employee id, and the unknown."""
    emails: dict[str, str] = {}
    employee_ids: list[str] = []
    for item in identifiers:
        if "@" in item:
            try:
                emails[normalize_email(item)] = item
            except ValidationError:
                emails[item.lower()] = item
        else:
            employee_ids.append(item)
    found: set[int] = set()
    known: set[str] = set()
    if emails or employee_ids:
        rows = session.execute(
            select(Person.id, Person.email, Person.employee_id).where(
                Person.active.is_(True),
                or_(
                    Person.email.in_(list(emails)),
                    Person.employee_id.in_(employee_ids),
                ),
            )
        )
        for person_id, email, employee_id in rows:
            found.add(person_id)
            if email in emails:
                known.add(emails[email])
            if employee_id is not None:
                known.add(employee_id)
    unknown = [item for item in identifiers if item not in known]
    return sorted(found), unknown


def assign_course(
    session: Session,
    actor: Person | None,
    *,
    course_id: int,
    target: str,
    identifiers: str = "",
    department_id: int | None = None,
    due_on: date | None = None,
    due_in_days: int | None = None,
    path: str | None = None,
    today: date,
    now: datetime,
) -> AssignResult:
    """Assign a published course; a department or everyone also becomes a rule.

    One assignment per person and course: assigning again changes its due date.
    Nothing is assigned when any e-mail address or employee id is unknown.
    path: the learning path HR chose (None: by the person's department). Named
    people get it as chosen; a department or everyone keep the longer of it and
    a path an earlier assignment asked for (lms.catalog.paths.longer_choice).
    """
    course = session.scalar(
        select(Course).where(
            Course.id == course_id, Course.published, Course.retired_at.is_(None)
        )
    )
    if course is None:
        raise ValidationError(str(_l("Choose a published course.")), "course")
    _check_due(due_on, due_in_days, today)
    paths = parse_paths(course.paths_json)
    if path and by_id(paths, path) is None:
        raise ValidationError(str(_l("Choose a path of this course.")), "path")
    path = path or None
    try:
        kind = Target(target)
    except ValueError:
        raise ValidationError(str(_l("Choose whom to assign to.")), "target") from None
    rule: AssignmentRule | None = None
    department: Department | None = None
    if kind is Target.PEOPLE:
        names = parse_identifiers(identifiers)
        if not names:
            message = _l("Enter at least one e-mail address or employee id.")
            raise ValidationError(str(message), "people")
        person_ids, unknown = resolve_people(session, names)
        if unknown:
            shown = ", ".join(unknown[:_SHOWN_UNKNOWN])
            more = len(unknown) - _SHOWN_UNKNOWN
            text = str(
                _l(
                    "No active person has these e-mail addresses or ids: %(list)s",
                    list=shown,
                )
            )
            if more > 0:
                text += " " + str(_l("and %(count)d more", count=more))
            raise ValidationError(text, "people")
    else:
        if kind is Target.DEPARTMENT:
            department = (
                session.get(Department, department_id) if department_id else None
            )
            if department is None:
                raise ValidationError(str(_l("Choose a department.")), "department")
        rule = _rule(session, actor, course.id, department, due_on, due_in_days, now)
        rule.path = path
        members = select(Person.id).where(Person.active.is_(True))
        if department is not None:
            members = members.where(Person.department_id == department.id)
        person_ids = list(session.scalars(members.order_by(Person.id)))
    created, updated = _upsert(
        session,
        actor,
        course.id,
        person_ids,
        due_on,
        due_in_days,
        today,
        rule,
        _Choice(path, paths, override=kind is Target.PEOPLE),
    )
    audit(
        session,
        actor,
        "assignment.create",
        f"course:{course.slug}",
        details={
            "course": course.slug,
            "target": kind.value,
            "department": department.name if department else None,
            "due_on": due_on,
            "due_in_days": due_in_days,
            "path": path,
            "people": len(person_ids),
            "created": created,
            "updated": updated,
            "rule_id": rule.id if rule else None,
        },
        now=now,
    )
    session.flush()
    return AssignResult(created, updated, rule.id if rule else None)


def _check_due(due_on: date | None, due_in_days: int | None, today: date) -> None:
    if (due_on is None) == (due_in_days is None):
        message = _l("Give either a due date or a number of days.")
        raise ValidationError(str(message), "due")
    if due_on is not None and due_on < today:
        raise ValidationError(str(_l("The due date is in the past.")), "due_on")
    if due_in_days is not None and not 1 <= due_in_days <= MAX_DUE_DAYS:
        message = _l("Give a number of days from 1 to %(most)d.", most=MAX_DUE_DAYS)
        raise ValidationError(str(message), "due_in_days")


def _rule(
    session: Session,
    actor: Person | None,
    course_id: int,
    department: Department | None,
    due_on: date | None,
    due_in_days: int | None,
    now: datetime,
) -> AssignmentRule:
    """The rule for this course and department (or everyone), created or updated."""
    department_id = department.id if department else None
    rule = session.scalar(
        select(AssignmentRule)
        .where(
            AssignmentRule.course_id == course_id,
            AssignmentRule.department_id.is_(None)
            if department_id is None
            else AssignmentRule.department_id == department_id,
        )
        .order_by(AssignmentRule.id)
        .limit(1)
    )
    if rule is None:
        rule = AssignmentRule(
            course_id=course_id,
            department_id=department_id,
            created_at=now,
            created_by_id=actor.id if actor else None,
        )
        session.add(rule)
    rule.due_on, rule.due_in_days = due_on, due_in_days
    session.flush()
    return rule


@dataclass(frozen=True)
class _Choice:
    """The path HR chose in this assignment, and how it meets an earlier one."""

    path: str | None
    paths: tuple[LearningPath, ...]
    override: bool  # named people: HR's choice replaces the earlier one

    def merged(self, session: Session, assignment: Assignment) -> str | None:
        if self.override or not self.paths or assignment.path == self.path:
            return self.path
        department = session.scalar(
            select(Department.name)
            .join(Person, Person.department_id == Department.id)
            .where(Person.id == assignment.person_id)
        )
        return longer_choice(self.paths, department, assignment.path, self.path)


def _upsert(
    session: Session,
    actor: Person | None,
    course_id: int,
    person_ids: Sequence[int],
    due_on: date | None,
    due_in_days: int | None,
    today: date,
    rule: AssignmentRule | None,
    choice: _Choice,
) -> tuple[int, int]:
    existing = {
        assignment.person_id: assignment
        for assignment in _chunked_assignments(session, course_id, person_ids)
    }
    new_due = due_date(today, due_on, due_in_days)
    created = updated = 0
    for person_id in person_ids:
        assignment = existing.get(person_id)
        if assignment is None:
            session.add(
                Assignment(
                    person_id=person_id,
                    course_id=course_id,
                    rule_id=rule.id if rule else None,
                    assigned_on=today,
                    due_on=new_due,
                    due_in_days=due_in_days,
                    path=choice.path,
                    assigned_by_id=actor.id if actor else None,
                )
            )
            created += 1
            continue
        assignment.due_on, assignment.due_in_days = new_due, due_in_days
        assignment.path = choice.merged(session, assignment)
        assignment.assigned_by_id = actor.id if actor else assignment.assigned_by_id
        if rule is not None:
            assignment.rule_id = rule.id
        updated += 1
    session.flush()
    return created, updated


def _chunked_assignments(
    session: Session, course_id: int, person_ids: Sequence[int]
) -> Iterable[Assignment]:
    # Everyone in a large organisation: keep IN lists well below driver limits.
    for start in range(0, len(person_ids), 5000):
        chunk = person_ids[start : start + 5000]
        yield from session.scalars(
            select(Assignment).where(
                Assignment.course_id == course_id, Assignment.person_id.in_(chunk)
            )
        )


def apply_rules_to(session: Session, person_ids: Sequence[int], today: date) -> int:
    """Give people (newcomers, movers) the assignments their rules ask for.

    Existing assignments are left as they are; returns how many were created.
    """
    if not person_ids:
        return 0
    rules = session.execute(
        select(
            AssignmentRule.id,
            AssignmentRule.course_id,
            AssignmentRule.department_id,
            AssignmentRule.due_on,
            AssignmentRule.due_in_days,
            AssignmentRule.path,
            Course.paths_json,
        )
        .join(Course, Course.id == AssignmentRule.course_id)
        .where(Course.published, Course.retired_at.is_(None))
        .order_by(AssignmentRule.id)
    ).all()
    if not rules:
        return 0
    departments: dict[int | None, str] = {
        row.id: row.name
        for row in session.execute(select(Department.id, Department.name))
    }
    created = 0
    for start in range(0, len(person_ids), 5000):
        chunk = list(person_ids[start : start + 5000])
        people = session.execute(
            select(Person.id, Person.department_id).where(
                Person.id.in_(chunk), Person.active.is_(True)
            )
        ).all()
        have = {
            (assigned_id, assigned_course)
            for assigned_id, assigned_course in session.execute(
                select(Assignment.person_id, Assignment.course_id).where(
                    Assignment.person_id.in_(chunk)
                )
            )
        }
        for person_id, department_id in people:
            made: dict[tuple[int, int], Assignment] = {}
            for rule_id, course_id, rule_department, fixed, days, path, paths in rules:
                if rule_department is not None and rule_department != department_id:
                    continue
                if (person_id, course_id) in made:  # several rules: longer path
                    new = made[(person_id, course_id)]
                    new.path = longer_choice(
                        parse_paths(paths),
                        departments.get(department_id),
                        new.path,
                        path,
                    )
                    continue
                if (person_id, course_id) in have:
                    continue
                have.add((person_id, course_id))
                made[(person_id, course_id)] = Assignment(
                    person_id=person_id,
                    course_id=course_id,
                    rule_id=rule_id,
                    assigned_on=today,
                    due_on=due_date(today, fixed, days),
                    due_in_days=days,
                    path=path,
                )
                session.add(made[(person_id, course_id)])
                created += 1
    session.flush()
    return created
