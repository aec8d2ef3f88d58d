"""Reading the first worksheet of an XLSX file as rows of text cells."""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, timedelta

# ElementTree only types the elements here: parsing happens in zip_budget, which
# refuses DTDs before the parser sees them.
from xml.etree import ElementTree  # noqa: S405

from lms.files.sheet_limits import (
    EMPTY_ROW_ALLOWANCE,
    MAX_COLUMNS,
    MAX_PART_RECORDS,
    MAX_SHARED_STRINGS,
    Unreadable,
)
from lms.files.zip_budget import BoundedZip, local_name

# (spreadsheet row number, {0-based column index: stripped non-empty text})
Table = list[tuple[int, dict[int, str]]]

# Built-in number formats that show a date or time (ECMA-376 18.8.30).
_DATE_FORMAT_IDS = frozenset(
    [*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)]
)
_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
    KeyError,
    ElementTree.ParseError,
)


def read_xlsx(data: bytes, max_rows: int) -> Table:
    """The non-empty rows of the first worksheet, at most max_rows of them.

    Raises Unreadable for a file over a limit, and the XLSX_ERRORS for damage.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = BoundedZip(archive)
        if "xl/workbook.xml" not in parts.names:
            raise Unreadable("not an XLSX file: the workbook is missing")
        relations = _relations(parts, "xl/_rels/workbook.xml.rels")
        sheet_id, date1904 = _first_sheet(parts, "xl/workbook.xml")
        sheet_name = relations.get(sheet_id or "-", "xl/worksheets/sheet1.xml")
        if sheet_name not in parts.names:
            raise Unreadable("the workbook has no worksheet")
        strings = relations.get("type:sharedStrings", "xl/sharedStrings.xml")
        styles = relations.get("type:styles", "xl/styles.xml")
        shared = _shared_strings(parts, strings)
        date_styles = _date_styles(parts, styles)
        return _sheet_rows(parts, sheet_name, shared, date_styles, date1904, max_rows)


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return None


def _relations(parts: BoundedZip, name: str) -> dict[str, str]:
    """Part path by relationship id, and by the last word of its type."""
    relations: dict[str, str] = {}
    if name not in parts.names:
        return relations
    tags = frozenset({"Relationship"})
    for element in parts.records(name, tags, MAX_PART_RECORDS, "relationships"):
        target, rel_id = element.get("Target"), element.get("Id")
        if target and rel_id:
            path = target[1:] if target.startswith("/") else f"xl/{target}"
            relations[rel_id] = posixpath.normpath(path)
            kind = element.get("Type", "").rpartition("/")[2]
            relations.setdefault(f"type:{kind}", relations[rel_id])
    return relations


def _first_sheet(parts: BoundedZip, name: str) -> tuple[str | None, bool]:
    sheet_id, date1904 = None, False
    tags = frozenset({"workbookPr", "sheet"})
    for element in parts.records(name, tags, MAX_PART_RECORDS, "sheets"):
        tag = local_name(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet" and sheet_id is None:
            sheet_id = _attribute(element, "id")
    return sheet_id, date1904


def _unescape(text: str) -> str:
    return _ESCAPED_CHAR.sub(lambda match: chr(int(match[1], 16)), text)


def _rich_text(element: ElementTree.Element) -> str:
    """Text of a string item: its <t>, or the <t> of each run; phonetics skipped."""
    parts: list[str] = []
    for child in element:
        if local_name(child.tag) == "t":
            parts.append(child.text or "")
        elif local_name(child.tag) == "r":
            parts.extend(t.text or "" for t in child if local_name(t.tag) == "t")
    return _unescape("".join(parts))


def _shared_strings(parts: BoundedZip, name: str) -> list[str]:
    if name not in parts.names:
        return []
    tags = frozenset({"si"})
    texts = "different texts (shared strings)"
    return [
        _rich_text(element)
        for element in parts.records(name, tags, MAX_SHARED_STRINGS, texts)
    ]


def _date_styles(parts: BoundedZip, name: str) -> frozenset[int]:
    custom: dict[str, str] = {}
    formats: list[str] = []
    cell_xfs_done = False
    if name not in parts.names:
        return frozenset()
    tags = frozenset({"numFmt", "xf", "cellStyleXfs", "cellXfs"})
    for element in parts.records(name, tags, MAX_PART_RECORDS, "styles"):
        tag = local_name(element.tag)
        if tag == "numFmt":
            custom[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif tag == "xf" and not cell_xfs_done:
            formats.append(element.get("numFmtId", "0"))
        elif tag == "cellStyleXfs":
            formats.clear()  # those xf were styles, not cell formats
        elif tag == "cellXfs":
            cell_xfs_done = True  # later xf (dxfs, ...) are not cell formats
    return frozenset(
        index for index, number in enumerate(formats) if _is_date_format(number, custom)
    )


def _is_date_format(number_format_id: str, custom: dict[str, str]) -> bool:
    if number_format_id in custom:
        code = _FORMAT_NOISE.sub("", custom[number_format_id]).lower()
        return any(char in code for char in "dmyhs")
    return number_format_id.isdigit() and int(number_format_id) in _DATE_FORMAT_IDS


def _number_text(raw: str) -> str:
    try:
        number = float(raw)
    except ValueError:
        return raw
    if not math.isfinite(number):
        return raw
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _serial_date_text(raw: str, date1904: bool) -> str:
    """An Excel date serial as ISO text (date, or date and time)."""
    try:
        serial = float(raw)
    except ValueError:
        return raw
    if not 0 <= serial < 2_958_466:  # up to 9999-12-31
        return _number_text(raw)
    if date1904:
        epoch = date(1904, 1, 1)
    else:  # Excel counts a 29 February 1900 that never was
        epoch = date(1899, 12, 31) if serial < 60 else date(1899, 12, 30)
    days = int(serial)
    seconds = round((serial - days) * 86_400)
    if seconds == 86_400:
        days, seconds = days + 1, 0
    try:
        day = (epoch + timedelta(days=days)).isoformat()
    except OverflowError:
        return _number_text(raw)
    if not seconds:
        return day
    return f"{day}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _ascii_int(text: str) -> int | None:
    """A non-negative integer written in ASCII digits (str.isdigit accepts '²')."""
    return int(text) if text.isascii() and text.isdigit() else None


def _column_index(reference: str) -> int | None:
    letters = reference.rstrip("0123456789")
    if not letters or not letters.isascii() or not letters.isalpha():
        return None
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1 if index <= MAX_COLUMNS else None


def _cell_text(
    cell: ElementTree.Element, value_of: Callable[[str, str, int], str]
) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in cell if local_name(child.tag) == "is"), None)
        return "" if inline is None else _rich_text(inline)
    value = next((child.text for child in cell if local_name(child.tag) == "v"), None)
    return value_of(kind, value or "", _ascii_int(cell.get("s", "")) or 0)


def _sheet_rows(
    parts: BoundedZip,
    sheet: str,
    shared: list[str],
    date_styles: frozenset[int],
    date1904: bool,
    max_rows: int,
) -> Table:
    def value_of(kind: str, raw: str, style: int) -> str:
        if kind == "s":
            index = _ascii_int(raw)
            return shared[index] if index is not None and index < len(shared) else ""
        if kind == "b":
            return "true" if raw == "1" else "false"
        if kind == "d":
            return raw.removesuffix("T00:00:00")
        if kind in ("str", "e"):
            return _unescape(raw)
        if style in date_styles:
            return _serial_date_text(raw, date1904)
        return _number_text(raw)

    table: Table = []
    number = 0
    # Empty rows cost no memory but do cost time: a bomb has millions.
    row_limit = max_rows + EMPTY_ROW_ALLOWANCE
    tags = frozenset({"row"})
    rows = parts.records(sheet, tags, row_limit + 1, "rows")
    for count, element in enumerate(rows, start=1):
        number = _ascii_int(element.get("r", "")) or number + 1
        if count > row_limit:
            raise Unreadable(
                f"row {number:,}: the sheet has more than {row_limit:,} rows,"
                " counting empty ones: split the file"
            )
        cells: dict[int, str] = {}
        column = -1
        for cell in element:
            if local_name(cell.tag) != "c":
                continue
            index = _column_index(cell.get("r", ""))
            column = column + 1 if index is None else index
            text = _cell_text(cell, value_of).strip()
            if text and column < MAX_COLUMNS:
                cells[column] = text
        if cells:
            table.append((number, cells))
            if len(table) >= max_rows:
                break
    return table
