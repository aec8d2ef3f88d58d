"""Finding people to assign a course to: a search that works as a plain GET form."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.models import Department, Person

SHOWN = 50  # people listed at once; the page asks to narrow the search beyond


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    email: str
    department: str | None


@dataclass(frozen=True)
class Found:
    people: list[Candidate]
    total: int  # all matches; more than len(people) when capped


def find_people(session: Session, query: str, limit: int = SHOWN) -> Found:
    """Active people whose name, e-mail address or department contains the query
    (any case), by name; everyone when the query is empty."""
    words = query.split()
    conditions = []
    for word in words[:5]:
        pattern = (
            "%" + word.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        )
        conditions.append(
            or_(
                func.lower(Person.name).like(pattern),
                func.lower(Person.email).like(pattern),
                func.lower(Department.name).like(pattern),
            )
        )
    base = (
        select(Person.id, Person.name, Person.email, Department.name)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(Person.active.is_(True), *conditions)
    )
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(base.order_by(Person.name, Person.id).limit(limit))
    return Found([Candidate(*row) for row in rows], total)


def people_by_id(session: Session, ids: Collection[int]) -> list[Candidate]:
    """The chosen people (active ones), by name."""
    if not ids:
        return []
    rows = session.execute(
        select(Person.id, Person.name, Person.email, Department.name)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(Person.id.in_(sorted(ids)), Person.active.is_(True))
        .order_by(Person.name, Person.id)
    )
    return [Candidate(*row) for row in rows]


def ids_of(values: Iterable[str], most: int = 5000) -> set[int]:
    """Person ids from form values; anything else is ignored."""
    found: set[int] = set()
    for value in values:
        if value.isdigit() and len(value) <= 12:
            found.add(int(value))
        if len(found) >= most:
            break
    return found
