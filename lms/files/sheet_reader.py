"""Reading the first sheet of an uploaded CSV or XLSX file as rows of text cells.

Every read is bounded: see lms.files.sheet_limits for the limits.
"""

from __future__ import annotations

import csv
import io
import posixpath

from lms.files.sheet_limits import MAX_CSV_BYTES, MB, Unreadable
from lms.files.xlsx_reader import XLSX_ERRORS, Table, read_xlsx

__all__ = ["Table", "Unreadable", "read_table"]

UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20


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
            return read_xlsx(data, max_rows)
        except XLSX_ERRORS:
            raise Unreadable("not a readable XLSX file") from None
    if len(data) > MAX_CSV_BYTES:
        raise Unreadable(
            f"the file is larger than {MAX_CSV_BYTES // MB} MB: split it into"
            " smaller files"
        )
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
