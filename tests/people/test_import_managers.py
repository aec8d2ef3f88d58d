"""Managers in a people file: unknown ones and cycles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.people.import_rows import PersonRow
from lms.people.matching import check_managers
from tests.people.people_files import person


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([person(2, "p3@example.com"), person(3, "E4"), person(4)], []),
        ([person(2, "known@example.com"), person(3, "K1")], []),
        (
            [person(2, "nobody@example.com")],
            [(2, "unknown manager 'nobody@example.com'")],
        ),
        ([person(2, "E99")], [(2, "unknown manager 'E99'")]),
        ([person(2, "p2@example.com")], [(2, "their own manager")]),
        ([person(2, "E2")], [(2, "their own manager")]),
        (
            [person(2, "E3"), person(3, "p2@example.com")],
            [(2, "managers form a cycle: rows 2 → 3 → 2")],
        ),
        (
            [
                person(2),
                person(3, "E5"),
                person(4, "E3"),
                person(5, "E4"),
                person(6, "E3"),
            ],
            [(3, "managers form a cycle: rows 3 → 5 → 4 → 3")],
        ),
        (
            [
                person(2, "E3"),
                person(3, "E2"),
                person(4, "E5"),
                person(5, "E4"),
                person(6, "x@y.de"),
            ],
            [
                (2, "rows 2 → 3 → 2"),
                (4, "rows 4 → 5 → 4"),
                (6, "unknown manager"),
            ],
        ),
    ],
)
def test_check_managers(rows: list[PersonRow], expected: list[tuple[int, str]]) -> None:
    problems = check_managers(rows, {"Known@Example.COM "}, {"K1"})
    assert len(problems) == len(expected), problems
    for problem, (row, message) in zip(problems, expected, strict=True):
        assert (problem.row, problem.column) == (row, "manager")
        assert message in problem.message


def test_a_manager_in_the_file_wins_over_a_known_person() -> None:
    rows = [person(2, "E3"), person(3, "E2")]
    problems = check_managers(rows, set(), {"E2", "E3"})
    assert ["cycle" in p.message for p in problems] == [True]


@settings(max_examples=200, deadline=None)
@given(
    managers=st.lists(
        st.one_of(st.none(), st.integers(min_value=2, max_value=12)), max_size=11
    )
)
def test_every_cycle_is_reported_once(managers: list[int | None]) -> None:
    rows = [
        person(number, None if target is None else f"E{target}")
        for number, target in enumerate(managers, start=2)
    ]
    problems = check_managers(rows, (), ())
    in_file = {row.row for row in rows}
    unknown = {
        row.row
        for row in rows
        if row.manager_employee_id and int(row.manager_employee_id[1:]) not in in_file
    }
    assert {p.row for p in problems if "unknown" in p.message} == unknown
    # A node is on a cycle when following managers from it returns to it.
    graph = {
        row.row: int(row.manager_employee_id[1:])
        for row in rows
        if row.manager_employee_id and row.row not in unknown
    }
    cycles = set()
    for start in graph:
        node, seen = graph[start], [start]
        while node in graph and node not in seen:
            seen.append(node)
            node = graph[node]
        if node == start:
            cycles.add(min(seen))
    assert {
        p.row for p in problems if "manager" in p.message and "unknown" not in p.message
    } == cycles
