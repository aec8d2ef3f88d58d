"""The people file reader on XLSX: typed cells, workbooks of all kinds, damage."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.files.sheet_reader import read_table
from lms.files.sheet_writer import Sheet, write_xlsx
from lms.people.import_rows import read_people_file
from tests.people.people_files import (
    assert_consistent,
    only_problem,
    with_sheet_xml,
    xlsx_file,
)

# Excel cells hold no time zone, so openpyxl only takes naive datetimes.
AFTERNOON = datetime(2024, 5, 1, 13, 30)  # noqa: DTZ001


def test_xlsx_with_numbers_dates_and_several_sheets() -> None:
    data = xlsx_file(
        ["E-Mail", "Name", "Personalnummer", "Aktiv", "Start", "Seit", "Faktor"],
        ["A@example.com", "Anna", 1001, True, date(2024, 5, 1), None, 2.5],
        [],
        ["b@example.com", "Bob", 1002.0, False, AFTERNOON, 7, -1],
        sheets=3,
    )
    table = read_table(data, "p.xlsx", [], 100)
    assert table[1] == (
        2,
        {
            0: "A@example.com",
            1: "Anna",
            2: "1001",
            3: "true",
            4: "2024-05-01",
            6: "2.5",
        },
    )
    assert table[2][0] == 4
    assert table[2][1][4] == "2024-05-01T13:30:00"
    assert table[2][1][5] == "7"
    rows, problems = read_people_file(data, "people.xlsx")
    assert problems == []
    assert [(r.row, r.email, r.employee_id, r.active) for r in rows] == [
        (2, "a@example.com", "1001", True),
        (4, "b@example.com", "1002", False),
    ]


def test_xlsx_1904_dates_and_rich_text() -> None:
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.append(["email", "name", "when"])
    rich = openpyxl.cell.rich_text.CellRichText(
        [
            "An",
            openpyxl.cell.rich_text.TextBlock(
                openpyxl.cell.text.InlineFont(b=True), "na"
            ),
        ]
    )
    worksheet.append(["a@example.com", rich, date(1999, 12, 31)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "p.xlsx", [], 10)
    assert table[1][1] == {0: "a@example.com", 1: "Anna", 2: "1999-12-31"}


def test_xlsx_written_by_our_exporter_with_inline_strings_reads_back() -> None:
    buffer = io.BytesIO()
    header = ["email", "name", "since"]
    write_xlsx(
        buffer, [Sheet("People", header, [["a@example.com", "=A", date(2024, 1, 2)]])]
    )
    table = read_table(buffer.getvalue(), "p.xlsx", [], 10)
    assert table == [
        (1, {0: "email", 1: "name", 2: "since"}),
        (2, {0: "a@example.com", 1: "=A", 2: "2024-01-02"}),
    ]


def test_a_csv_named_file_that_is_really_xlsx_is_read_as_xlsx() -> None:
    rows, problems = read_people_file(
        xlsx_file(["email", "name"], ["a@b.de", "A"]), "p.csv"
    )
    assert problems == []
    assert rows[0].email == "a@b.de"


MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"  # Strict OOXML
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def handmade_xlsx(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


HANDMADE = {
    "xl/workbook.xml": f'''<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><workbookPr date1904="false"/>
<sheets><sheet name="People" sheetId="2" r:id="rId7"/>
<sheet name="Old" sheetId="1" r:id="rId1"/></sheets></workbook>''',
    "xl/_rels/workbook.xml.rels": f'''<Relationships xmlns="{RELS}">
<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x/worksheet"/>
<Relationship Id="rId7" Target="/xl/worksheets/people.xml" Type="x/worksheet"/>
<Relationship Id="rId9" Target="strings.xml" Type="x/sharedStrings"/>
</Relationships>''',
    "xl/strings.xml": f'''<sst xmlns="{MAIN}"><si><t>email</t></si><si><t>name</t></si>
<si><r><t>Jo</t></r><r><t>_x000D_hn</t></r><rPh><t>ジョン</t></rPh></si></sst>''',
    "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>',
    "xl/worksheets/people.xml": f'''<worksheet xmlns="{MAIN}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
<row><c t="inlineStr"><is><t>j@example.com</t></is></c><c t="s"><v>2</v></c>
<c r="D2" t="s"><v>99</v></c><c r="E2" t="e"><v>#N/A</v></c></row>
</sheetData></worksheet>''',
}


def test_handmade_strict_workbook_reads_its_first_sheet() -> None:
    table = read_table(handmade_xlsx(HANDMADE), "p.xlsx", [], 10)
    assert table == [
        (1, {0: "email", 1: "name"}),
        (2, {0: "j@example.com", 1: "Jo\rhn", 4: "#N/A"}),
    ]


def test_xlsx_without_a_workbook_is_a_problem() -> None:
    data = handmade_xlsx(
        {"xl/worksheets/sheet1.xml": HANDMADE["xl/worksheets/people.xml"]}
    )
    problem = only_problem(data, "p.xlsx")
    assert "the workbook is missing" in problem.message


def test_xlsx_with_a_dtd_is_refused_before_parsing() -> None:
    data = with_sheet_xml(
        xlsx_file(["email", "name"]),
        b"<worksheet",
        b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet',
    )
    problem = only_problem(data, "p.xlsx")
    assert (problem.row, problem.column) == (0, "")
    assert "not a readable XLSX file" in problem.message


VALID_XLSX = xlsx_file(["email", "name"], ["a@example.com", "A"], [1, date(2020, 1, 1)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(min_value=0, max_value=len(VALID_XLSX) - 1),
    garbage=st.binary(min_size=1, max_size=8),
    cut=st.booleans(),
)
def test_damaged_xlsx_gives_rows_or_problems(
    position: int, garbage: bytes, cut: bool
) -> None:
    data = (
        VALID_XLSX[:position]
        if cut
        else (VALID_XLSX[:position] + garbage + VALID_XLSX[position + len(garbage) :])
    )
    rows, problems = read_people_file(data, "p.xlsx")
    assert rows or problems
    assert_consistent(rows, problems)


@settings(max_examples=200, deadline=None)
@given(
    sheet=st.text(
        alphabet=st.sampled_from(list("<>/=\"cvtsr AB12is'&;x")), max_size=200
    )
)
def test_arbitrary_sheet_xml_gives_rows_or_problems(sheet: str) -> None:
    data = with_sheet_xml(VALID_XLSX, b"<sheetData>", f"<sheetData>{sheet}".encode())
    rows, problems = read_people_file(data, "p.xlsx")
    assert rows or problems
    assert_consistent(rows, problems)
