"""Which existing person each row of a people import updates (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lms.people.import_rows import PersonRow, RowProblem, row_problem

EMPLOYEE_ID_LENGTH = 64  # Person.employee_id is String(64)


def match_rows(
    rows: Sequence[PersonRow],
    id_by_email: Mapping[str, int],
    id_by_employee_id: Mapping[str, int],
    employee_id_of: Mapping[int, str | None],
) -> tuple[dict[int, int], list[RowProblem]]:
    """Row number -> existing person id, and the rows that cannot be matched.

    A row matches by employee id first, then by e-mail address; a row whose two
    keys point at different people, or a second row for the same person, is a
    problem.
    """
    row_of_person: dict[int, int] = {}
    problems: list[RowProblem] = []
    limit = EMPLOYEE_ID_LENGTH
    for row in rows:
        if len(row.employee_id or "") > limit:
            problems.append(
                row_problem(
                    row.row,
                    "employee_id",
                    "longer than %(limit)s characters",
                    limit=EMPLOYEE_ID_LENGTH,
                )
            )
            continue
        by_id = id_by_employee_id.get(row.employee_id or "")
        by_email = id_by_email.get(row.email)
        other = employee_id_of.get(by_email or 0)
        if by_id is not None and by_email is not None and by_email != by_id:
            problems.append(
                row_problem(
                    row.row,
                    "email",
                    "%(email)s belongs to another person (employee id %(other)s)",
                    email=row.email,
                    other=other,
                )
                if other
                else row_problem(
                    row.row,
                    "email",
                    "%(email)s belongs to another person",
                    email=row.email,
                )
            )
            continue
        if by_id is None and other and row.employee_id not in (None, other):
            problems.append(
                row_problem(
                    row.row,
                    "email",
                    "%(email)s belongs to the person with employee id %(other)s",
                    email=row.email,
                    other=other,
                )
            )
            continue
        person_id = by_id if by_id is not None else by_email
        if person_id is None:
            continue
        if person_id in row_of_person:
            problems.append(
                row_problem(
                    row.row,
                    "employee_id" if by_id is not None else "email",
                    "the same person as in row %(first)s",
                    first=row_of_person[person_id],
                )
            )
            continue
        row_of_person[person_id] = row.row
    return {number: person_id for person_id, number in row_of_person.items()}, problems
