"""CSV and XLSX exports: formula neutralisation, BOM, typed cells, layout."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.utility import _datetime_to_excel_datetime

from lms.files.sheet_writer import (
    FORMULA_PREFIXES,
    WIDTH_SAMPLE,
    CsvStyle,
    Sheet,
    csv_bytes,
    excel_day,
    neutralize,
    sheet_names,
    write_xlsx,
)


def read_csv(chunks: Iterator[bytes]) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralize_each_dangerous_prefix(prefix: str) -> None:
    assert prefix in FORMULA_PREFIXES
    value = f'{prefix}HYPERLINK("http://evil")'
    assert neutralize(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Anna", "a=b", "1-2", " =1", "'=1", "é"])
def test_neutralize_leaves_safe_text_alone(value: str) -> None:
    assert neutralize(value) == value


@given(st.text())
def test_neutralized_text_never_starts_a_formula(value: str) -> None:
    result = neutralize(value)
    assert not result.startswith(FORMULA_PREFIXES)
    assert result.removeprefix("'") == value or result == value


def test_csv_has_a_bom_and_typed_values() -> None:
    rows = read_csv(
        csv_bytes(
            ["Name", "=Header"],
            [
                ["=1+1", None],
                ["-5", -5],
                ["@SUM(A1)", 2.5],
                ["\tx", date(2024, 5, 1)],
                ["\rx", datetime(2024, 5, 1, 13, 30, tzinfo=UTC)],
                ["+1", True],
                ['Say "hi",\nthen go', Decimal("1.50")],
            ],
        )
    )
    assert rows == [
        ["Name", "'=Header"],
        ["'=1+1", ""],
        ["'-5", "-5"],
        ["'@SUM(A1)", "2.5"],
        ["'\tx", "2024-05-01"],
        ["'\rx", "2024-05-01T13:30:00+00:00"],
        ["'+1", "yes"],
        ['Say "hi",\nthen go', "1.50"],
    ]


def test_csv_uses_crlf_and_streams_in_chunks() -> None:
    rows = ([f"person {number}", number] for number in range(20_000))
    chunks = list(csv_bytes(["Name", "N"], rows))
    assert len(chunks) > 2
    assert chunks[0].startswith(b"\xef\xbb\xbfName,N\r\nperson 0,0\r\n")
    assert b"".join(chunks).count(b"\xef\xbb\xbf") == 1
    assert len(read_csv(iter(chunks))) == 20_001


def test_csv_with_no_rows_is_just_the_header() -> None:
    assert b"".join(csv_bytes(["a", "b"], [])) == b"\xef\xbb\xbfa,b\r\n"


def export(*sheets: Sheet) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_xlsx(buffer, list(sheets))
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


CET = timezone(timedelta(hours=1))


def test_xlsx_cells_keep_their_types_and_text_stays_text() -> None:
    rows: list[list[object]] = [
        ["=1+1", date(2024, 5, 1), datetime(2024, 5, 1, 14, 30, tzinfo=CET), 7, True],
        ["http://example.com", None, None, 2.5, False],
        ["-5", None, None, Decimal("1.25"), None],
        ["+1", None, None, 2**60, None],
    ]
    sheet = export(Sheet("Report", ["Name", "Due", "Done", "Count", "Ok"], rows)).active
    assert sheet is not None
    formula = sheet["A2"]
    assert (formula.value, formula.data_type) == ("=1+1", "s")
    assert sheet["A3"].value == "http://example.com"
    assert sheet["A3"].hyperlink is None
    assert sheet["A4"].value == "-5"
    assert sheet["B2"].is_date
    assert sheet["B2"].value == datetime(2024, 5, 1)  # noqa: DTZ001 (Excel: naive)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].is_date
    assert sheet["C2"].value == datetime(2024, 5, 1, 13, 30)  # noqa: DTZ001 (UTC)
    assert [sheet[f"D{n}"].value for n in range(2, 5)] == [7, 2.5, 1.25]
    assert sheet["D5"].value == str(2**60)  # beyond a double's exact integers
    assert (sheet["E2"].value, sheet["E3"].value) == (True, False)
    assert sheet["B3"].value is None


@given(st.dates())
def test_excel_day_is_the_serial_xlsxwriter_writes(day: date) -> None:
    assert excel_day(day) == _datetime_to_excel_datetime(day, False, True)


def test_cells_after_the_sampled_rows_keep_their_types() -> None:
    """Rows past WIDTH_SAMPLE take the bulk path: the same cells come out."""
    first = date(2024, 2, 27)
    rows: list[list[object]] = [
        [f"P{n}", first + timedelta(days=n % 5), float(n % 101), None, n, Decimal(1)]
        for n in range(WIDTH_SAMPLE + 50)
    ]
    rows.append(["=2+2", date(1900, 3, 1), float("nan"), "x", True, 2**60])
    sheet = export(Sheet("Bulk", ["A", "B", "C", "D", "E", "F"], rows)).active
    assert sheet is not None
    for number in (2, WIDTH_SAMPLE + 1, WIDTH_SAMPLE + 2, WIDTH_SAMPLE + 51):
        index = number - 2
        day, cell = first + timedelta(days=index % 5), sheet[f"B{number}"]
        assert cell.is_date
        assert cell.number_format == "yyyy-mm-dd"
        assert cell.value == datetime(day.year, day.month, day.day)  # noqa: DTZ001
        assert sheet[f"C{number}"].value == index % 101
        assert sheet[f"D{number}"].value is None
        assert sheet[f"E{number}"].value == index
        assert sheet[f"F{number}"].value == 1
    last = WIDTH_SAMPLE + 52
    assert (sheet[f"A{last}"].value, sheet[f"A{last}"].data_type) == ("=2+2", "s")
    assert sheet[f"B{last}"].value == datetime(1900, 3, 1)  # noqa: DTZ001
    assert sheet[f"C{last}"].value == "=#NUM!"  # NaN: XlsxWriter's error cell
    assert sheet[f"E{last}"].value is True
    assert sheet[f"F{last}"].value == str(2**60)


def test_xlsx_header_is_bold_frozen_filtered_and_columns_sized() -> None:
    rows = ([f"Person {n}", "x" * (n * 10)] for n in range(1, 4))
    sheet = export(Sheet("People", ["Name", "Notes"], rows)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == ["Name", "Notes"]
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B4"
    assert 8 <= sheet.column_dimensions["A"].width < 20
    assert sheet.column_dimensions["B"].width > 30


def test_xlsx_several_sheets_with_awkward_names() -> None:
    workbook = export(
        Sheet("Status: by [department]?", ["A"], [[1]]),
        Sheet("A" * 40, ["A"], []),
        Sheet("a" * 40, ["A"], []),
        Sheet("", [], []),
    )
    assert workbook.sheetnames == [
        "Status_ by _department__",
        "A" * 31,
        "a" * 27 + " (2)",
        "Sheet4",
    ]
    assert workbook["Status_ by _department__"]["A2"].value == 1


def test_xlsx_without_sheets_still_opens() -> None:
    assert len(export().sheetnames) == 1


def test_xlsx_to_a_path(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_xlsx(path, [Sheet("S", ["a"], [["=x"]])])
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["A2"].value == "=x"


def test_sheet_names_are_unique_ignoring_case() -> None:
    assert sheet_names(["Sales", "sales", "SALES", "'x'"]) == [
        "Sales",
        "sales (2)",
        "SALES (3)",
        "x",
    ]


def test_a_german_csv_splits_at_semicolons_with_decimal_commas() -> None:
    data = b"".join(
        csv_bytes(
            ["Name", "Punkte", "Begonnen"],
            [
                ["Groß, Jürgen", 95.83, datetime(2026, 12, 4, 16, 30)],  # noqa: DTZ001  (a wall-clock time)
                ["-1", -2.5, date(2026, 12, 4)],
                ["=1+1", 7, None],
                ["x", Decimal("1.50"), True],
            ],
            CsvStyle(";", ","),
        )
    )
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows == [
        ["Name", "Punkte", "Begonnen"],
        ["Groß, Jürgen", "95,83", "2026-12-04 16:30:00"],  # naive: wall-clock time
        ["'-1", "-2,5", "2026-12-04"],
        ["'=1+1", "7", ""],
        ["x", "1,50", "yes"],
    ]


def test_a_tab_separated_csv_quotes_tabs_in_values() -> None:
    data = b"".join(csv_bytes(["a", "b"], [["x\ty", 1.5]], CsvStyle("\t", ".")))
    rows = list(
        csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter="\t")
    )
    assert rows == [["a", "b"], ["x\ty", "1.5"]]
