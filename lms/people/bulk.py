"""Reading and writing many people at once: a few statements per chunk, none per row.

The import compares rows with plain snapshots of the stored people (no ORM
objects: building 50,000 of them took longer than the rest of the import) and
writes with bulk INSERT and UPDATE statements.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from lms.models import Person, PersonRole
from lms.people.import_rows import PersonRow

CHUNK = 500  # ids per IN (...) query: far below every database's parameter limit
# Core statements on the tables: the ORM's bulk layer costs more than the SQL here.
PERSON = cast(Table, Person.__table__)
PERSON_ROLE = cast(Table, PersonRole.__table__)


class Outcome(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    PROBLEM = "problem"


@dataclass(frozen=True)
class RowOutcome:
    """What the import does (or would do) with one row of the file."""

    row: int
    email: str
    name: str
    outcome: Outcome
    changes: tuple[str, ...] = ()  # the columns that change, for updates


@dataclass(frozen=True)
class NewPerson:
    person_id: int
    email: str
    name: str
    language: str
    token: str | None  # None when created inactive: such a link would not work


@dataclass(frozen=True)
class Known:
    """An existing person as stored, for comparing with a row of the file."""

    id: int
    email: str
    name: str
    employee_id: str | None
    department_id: int | None
    manager_id: int | None
    language: str
    active: bool
    roles: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_known(session: Session, ids: Collection[int]) -> dict[int, Known]:
    """Snapshots of the people with these ids, two queries per chunk of ids."""
    known: dict[int, Known] = {}
    for chunk in _chunks(sorted(ids)):
        roles: dict[int, set[str]] = {}
        role_rows = select(PersonRole.person_id, PersonRole.role).where(
            PersonRole.person_id.in_(chunk)
        )
        for person_id, role in session.execute(role_rows):
            roles.setdefault(person_id, set()).add(role)
        people = select(
            Person.id,
            Person.email,
            Person.name,
            Person.employee_id,
            Person.department_id,
            Person.manager_id,
            Person.language,
            Person.active,
        ).where(Person.id.in_(chunk))
        for row in session.execute(people):
            known[row.id] = Known(*row, roles=frozenset(roles.get(row.id, ())))
    return known


def insert_people(
    session: Session, people: Sequence[Mapping[str, object]]
) -> dict[str, int]:
    """INSERT people (column values by name); their ids by e-mail address."""
    id_of: dict[str, int] = {}
    table = PERSON
    statement = insert(table).returning(table.c.id, table.c.email)
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        id_of.update(
            (email, person_id)
            for person_id, email in session.execute(statement, chunk).all()
        )
    return id_of


def update_people(session: Session, changes: Sequence[Mapping[str, object]]) -> None:
    """UPDATE people by id ("id" and the columns that change, per person).

    One executemany per set of columns that change together.
    """
    groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for change in changes:
        columns = tuple(sorted(key for key in change if key != "id"))
        values = {f"new_{key}": value for key, value in change.items()}
        groups.setdefault(columns, []).append(values)
    table = PERSON
    for columns, rows in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("new_id"))
            .values({column: bindparam(f"new_{column}") for column in columns})
        )
        session.execute(statement, rows)


def change_roles(
    session: Session,
    added: Sequence[Mapping[str, object]],
    removed: Mapping[str, Sequence[int]],
) -> None:
    """INSERT roles ({"person_id", "role"}), DELETE roles (person ids by role)."""
    for role, person_ids in removed.items():
        for chunk in _chunks(person_ids):
            table = PERSON_ROLE
            session.execute(
                delete(table).where(table.c.role == role, table.c.person_id.in_(chunk))
            )
    if added:
        session.execute(insert(PERSON_ROLE), added)


def clean(text: str) -> str:
    """Text with its runs of white space made single spaces."""
    return " ".join(text.split())


def wanted_values(row: PersonRow) -> dict[str, object]:
    """What a row asks a person to be, comparable with Known."""
    return {
        "name": clean(row.name),
        "email": row.email,
        "employee_id": row.employee_id,
        "department": clean(row.department or "").casefold() or None,
        "language": row.language,
        "roles": row.roles,
        "active": row.active,
    }
