"""Which certificate counts for which assignment of a course with learning paths
(lms.catalog.paths.certificate_covers), as an SQL condition for status_sql."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Subquery,
    case,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from lms.catalog.paths import certificate_covers, parse_paths
from lms.models import Assignment, Course, Department, Person


@dataclass(frozen=True)
class PathTables:
    """lms.catalog.paths.certificate_covers as two small tables of values, worked
    out in Python over every course with paths and every department, so the
    SQL only looks up what the rule book decided (tests/hr/test_status_sql.py).

    choices: (course_id, path_id) an assignment may name; uncovered:
    (course_id, department_id or 0, choice or '', held path) where a
    certificate of the held path does not satisfy the assignment.
    """

    choices: list[tuple[int, str]]
    uncovered: list[tuple[int, int, str, str]]


def path_tables(session: Session) -> PathTables:
    courses = [
        (course_id, parse_paths(paths_json))
        for course_id, paths_json in session.execute(
            select(Course.id, Course.paths_json).where(Course.paths_json != "[]")
        )
    ]
    departments: list[tuple[int, str | None]] = [
        (0, None),
        *(
            (department_id, name)
            for department_id, name in session.execute(
                select(Department.id, Department.name)
            )
        ),
    ]
    choices: list[tuple[int, str]] = []
    uncovered: list[tuple[int, int, str, str]] = []
    for course_id, paths in courses:
        choices.extend((course_id, path.id) for path in paths)
        for department_id, name in departments:
            for choice in [None, *(path.id for path in paths)]:
                uncovered.extend(
                    (course_id, department_id, choice or "", held.id)
                    for held in paths
                    if not certificate_covers(paths, held.id, name, choice)
                )
    return PathTables(choices, uncovered)


def covered_condition(tables: PathTables, current: Subquery) -> ColumnElement[bool]:
    """Whether the current certificate satisfies the assignment's path."""
    if not tables.uncovered:
        return true()
    choices = _rows_table(
        "path_choice", [("course_id", Integer), ("path_id", String)], tables.choices
    )
    uncovered = _rows_table(
        "path_uncovered",
        [
            ("course_id", Integer),
            ("department_id", Integer),
            ("choice", String),
            ("held", String),
        ],
        tables.uncovered,
    )
    valid_choice = (
        select(literal(1))
        .select_from(choices)
        .where(
            choices.c.course_id == Assignment.course_id,
            choices.c.path_id == Assignment.path,
        )
        .correlate_except(choices)
        .exists()
    )
    choice = case((valid_choice, Assignment.path), else_=literal(""))
    return ~(
        select(literal(1))
        .select_from(uncovered)
        .where(
            uncovered.c.course_id == Assignment.course_id,
            uncovered.c.department_id == func.coalesce(Person.department_id, 0),
            uncovered.c.choice == choice,
            uncovered.c.held == current.c.path_id,
        )
        .correlate_except(uncovered)
        .exists()
    )


def _rows_table(name: str, columns: list[tuple[str, Any]], rows: list[Any]) -> Subquery:
    """Literal rows as a derived table (UNION ALL of SELECTs: SQLite has no
    column list on an aliased VALUES)."""
    selects = [
        select(
            *(
                literal(value, kind).label(column_name)
                for (column_name, kind), value in zip(columns, row, strict=True)
            )
        )
        for row in rows
    ]
    if len(selects) == 1:
        return selects[0].subquery(name)
    return union_all(*selects).subquery(name)
