"""Reading the first sheet of an uploaded CSV or XLSX file as rows of text cells."""

from __future__ import annotations

import csv
import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta

# S405 (preview) and S314: defusedxml is not installed. Entity expansion, the
# danger for ElementTree, is ruled out by refusing any part with a DTD before
# parsing (_xml_text); expat never fetches external entities.
from xml.etree import ElementTree  # noqa: S405

# (spreadsheet row number, {0-based column index: stripped non-empty text})
Table = list[tuple[int, dict[int, str]]]

MAX_XML_BYTES = 128 * 1024 * 1024  # per part, after decompression
MAX_COLUMNS = 16_384  # Excel's limit (column XFD)
UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
_DTD = re.compile(r"<!(?i:doctype|entity)")
# Built-in number formats that show a date or time (ECMA-376 18.8.30).
_DATE_FORMAT_IDS = frozenset(
    [*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)]
)
_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_XLSX_ERRORS = (
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


class Unreadable(Exception):
    """The file as a whole cannot be read; the message says why, for the uploader."""


def read_table(data: bytes, filename: str, notes: list[str], max_rows: int) -> Table:
    """The non-empty rows of a CSV file or of the first worksheet of an XLSX file.

    Stops after max_rows non-empty rows. Appends notes worth telling the
    uploader (such as an encoding fallback) to notes. Raises Unreadable.
    """
    if not data.removeprefix(UTF8_BOM).strip():
        raise Unreadable("the file is empty")
    suffix = posixpath.splitext(filename.replace("\\", "/").lower())[1]
    if suffix == ".xls":
        raise Unreadable("old Excel files (.xls) cannot be read: save as .xlsx or CSV")
    if suffix not in (".csv", ".xlsx"):
        raise Unreadable("only CSV and XLSX files can be imported")
    if suffix == ".xlsx" or data.startswith(_ZIP_MAGIC):
        try:
            return _read_xlsx(data, max_rows)
        except _XLSX_ERRORS:
            raise Unreadable("not a readable XLSX file") from None
    return _read_csv(_decode(data, notes), max_rows)


def _decode(data: bytes, notes: list[str]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("UTF-16 text cannot be read: save the file as CSV UTF-8")
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError:
            raise Unreadable("the file starts like UTF-8 but is not UTF-8") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise Unreadable(
                "the file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8"
            ) from None
        notes.append(
            "The file is not UTF-8, so it was read as Windows-1252 (Western"
            " European). Check umlauts and accents, or save it as CSV UTF-8."
        )
    if "\x00" in text:
        raise Unreadable("the file contains NUL characters: it is not a CSV file")
    return text


def _read_csv(text: str, max_rows: int) -> Table:
    lines = text[:_CHUNK].splitlines()
    first_line = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: Table = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = {index: value.strip() for index, value in enumerate(record)}
            cells = {index: value for index, value in cells.items() if value}
            if cells:
                table.append((number, cells))
                if len(table) >= max_rows:
                    break
    except csv.Error as error:
        raise Unreadable(f"row {reader.line_num} is not valid CSV: {error}") from None
    return table


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())

        def part(name: str) -> str | None:
            return _xml_text(archive, name) if name in names else None

        workbook = part("xl/workbook.xml")
        if workbook is None:
            raise Unreadable("not an XLSX file: the workbook is missing")
        relations = _relations(part("xl/_rels/workbook.xml.rels"))
        sheet_id, date1904 = _first_sheet(workbook)
        sheet_name = relations.get(sheet_id or "-", "xl/worksheets/sheet1.xml")
        sheet = part(sheet_name)
        if sheet is None:
            raise Unreadable("the workbook has no worksheet")
        strings_xml = part(relations.get("type:sharedStrings", "xl/sharedStrings.xml"))
        styles_xml = part(relations.get("type:styles", "xl/styles.xml"))
        shared = _shared_strings(strings_xml) if strings_xml else []
        date_styles = _date_styles(styles_xml) if styles_xml else frozenset()
        return _sheet_rows(sheet, shared, date_styles, date1904, max_rows)


def _xml_text(archive: zipfile.ZipFile, name: str) -> str:
    with archive.open(name) as stream:
        raw = stream.read(MAX_XML_BYTES + 1)
    if len(raw) > MAX_XML_BYTES:
        raise Unreadable("the XLSX file is too large")
    text = raw.removeprefix(UTF8_BOM).decode("utf-8")
    if _DTD.search(text):
        raise Unreadable("not a readable XLSX file: it declares XML entities")
    return text


def _events(text: str) -> Iterator[ElementTree.Element]:
    """Elements as they end; str input makes expat ignore any declared encoding."""
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("end",)
    )  # DTDs are refused before this: see the import
    for start in range(0, len(text) + _CHUNK, _CHUNK):
        if start < len(text):
            parser.feed(text[start : start + _CHUNK])
        else:
            parser.close()
        for event in parser.read_events():
            if isinstance(element := event[-1], ElementTree.Element):
                yield element


def _local(tag: str) -> str:
    """A tag without its namespace, so Strict OOXML reads like Transitional."""
    return tag.rpartition("}")[2]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _relations(text: str | None) -> dict[str, str]:
    """Part path by relationship id, and by the last word of its type."""
    relations: dict[str, str] = {}
    for element in _events(text or "<Relationships/>"):
        target, rel_id = element.get("Target"), element.get("Id")
        if _local(element.tag) == "Relationship" and target and rel_id:
            path = target[1:] if target.startswith("/") else f"xl/{target}"
            relations[rel_id] = posixpath.normpath(path)
            kind = element.get("Type", "").rpartition("/")[2]
            relations.setdefault(f"type:{kind}", relations[rel_id])
    return relations


def _first_sheet(workbook: str) -> tuple[str | None, bool]:
    sheet_id, date1904 = None, False
    for element in _events(workbook):
        tag = _local(element.tag)
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
        if _local(child.tag) == "t":
            parts.append(child.text or "")
        elif _local(child.tag) == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _unescape("".join(parts))


def _shared_strings(text: str) -> list[str]:
    strings: list[str] = []
    for element in _events(text):
        if _local(element.tag) == "si":
            strings.append(_rich_text(element))
            element.clear()
    return strings


def _date_styles(text: str) -> frozenset[int]:
    custom: dict[str, str] = {}
    formats: list[str] = []
    cell_xfs_done = False
    for element in _events(text):
        tag = _local(element.tag)
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
        inline = next((child for child in cell if _local(child.tag) == "is"), None)
        return "" if inline is None else _rich_text(inline)
    value = next((child.text for child in cell if _local(child.tag) == "v"), None)
    return value_of(kind, value or "", _ascii_int(cell.get("s", "")) or 0)


def _sheet_rows(
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
    for element in _events(sheet):
        if _local(element.tag) != "row":
            continue
        number = _ascii_int(element.get("r", "")) or number + 1
        cells: dict[int, str] = {}
        column = -1
        for cell in element:
            if _local(cell.tag) != "c":
                continue
            index = _column_index(cell.get("r", ""))
            column = column + 1 if index is None else index
            text = _cell_text(cell, value_of).strip()
            if text and column < MAX_COLUMNS:
                cells[column] = text
        element.clear()
        if cells:
            table.append((number, cells))
            if len(table) >= max_rows:
                break
    return table
