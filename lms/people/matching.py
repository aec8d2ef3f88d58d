"""Which existing person each row of a people import updates; its managers (pure)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from lms.people.import_rows import PersonRow, RowProblem, row_problem, show

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


def check_managers(
    rows: Sequence[PersonRow],
    known_emails: Collection[str],
    known_employee_ids: Collection[str],
) -> list[RowProblem]:
    """Problems with managers: unknown to the file and the known people, or cycles.

    A manager in the file wins over a known person with the same reference,
    because the import is about to update that person.
    """
    by_email = {row.email: row.row for row in rows}
    by_employee_id = {row.employee_id: row.row for row in rows if row.employee_id}
    emails = {email.strip().lower() for email in known_emails}
    employee_ids = {employee_id.strip() for employee_id in known_employee_ids}
    manager_of: dict[int, int] = {}
    problems: list[RowProblem] = []
    for row in rows:
        if row.manager_email is not None:
            reference, target = row.manager_email, by_email.get(row.manager_email)
            known = reference in emails
        elif row.manager_employee_id is not None:
            reference = row.manager_employee_id
            target = by_employee_id.get(reference)
            known = reference in employee_ids
        else:
            continue
        if target is not None:
            manager_of[row.row] = target
        elif not known:
            problems.append(
                row_problem(
                    row.row,
                    "manager",
                    "unknown manager %(manager)s: neither in this file nor an"
                    " existing person",
                    manager=show(reference),
                )
            )
    problems.extend(_cycles(manager_of))
    return sorted(problems, key=lambda problem: problem.row)


def _cycles(manager_of: dict[int, int]) -> list[RowProblem]:
    """One problem per cycle in the row -> manager row graph, at its first row."""
    done: set[int] = set()
    problems: list[RowProblem] = []
    for start in sorted(manager_of):
        path: list[int] = []
        on_path: set[int] = set()
        node = start
        while node in manager_of and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = manager_of[node]
        if node in on_path:
            cycle = path[path.index(node) :]
            first = cycle.index(min(cycle))
            cycle = cycle[first:] + cycle[:first]
            if len(cycle) == 1:
                problems.append(
                    row_problem(
                        cycle[0], "manager", "a person cannot be their own manager"
                    )
                )
            else:
                chain = " → ".join(str(row) for row in [*cycle, cycle[0]])
                problems.append(
                    row_problem(
                        cycle[0],
                        "manager",
                        "managers form a cycle: rows %(chain)s",
                        chain=chain,
                    )
                )
        done.update(path)
    return problems
