"""People files built for the HR import tests, and shared checks."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from lms.people.import_rows import PersonRow, RowProblem, read_people_file


def csv_file(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def xlsx_file(*rows: list[object], sheets: int = 1) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    for row in rows:
        worksheet.append(row)
    for number in range(1, sheets):
        workbook.create_sheet(f"Other {number}").append(["email", "name"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def only_problem(data: bytes, filename: str = "people.csv") -> RowProblem:
    rows, problems = read_people_file(data, filename)
    assert len(problems) == 1, problems
    return problems[0]


def with_sheet_xml(data: bytes, replace: bytes, by: bytes) -> bytes:
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(target, "w") as archive,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(replace, by, 1)
            archive.writestr(item, content)
    return target.getvalue()


def person(
    row: int, manager: str | None = None, employee_id: str | None = None
) -> PersonRow:
    by_email = manager is not None and "@" in manager
    return PersonRow(
        row=row,
        email=f"p{row}@example.com",
        name=f"P{row}",
        employee_id=employee_id or f"E{row}",
        manager_email=manager if by_email else None,
        manager_employee_id=None if by_email else manager,
    )


def assert_consistent(rows: list[PersonRow], problems: list[RowProblem]) -> None:
    problem_rows = {problem.row for problem in problems}
    assert all(row.row not in problem_rows for row in rows)
    assert len({row.email for row in rows}) == len(rows)
    assert all(problem.row >= 0 and str(problem) for problem in problems)
