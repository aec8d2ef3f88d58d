"""The limits on reading an uploaded sheet, and the error that names them."""

from __future__ import annotations

MB = 1024 * 1024
# Bytes of a CSV file, checked before it is decoded. The web upload stops at 5 MB
# and the command line at 256 MB; a people file of 50,000 rows is about 5 MB.
MAX_CSV_BYTES = 64 * MB
# An XLSX file is a ZIP archive. Everything below is checked against its central
# directory before anything is unpacked, and again while unpacking, because the
# directory can lie. 50,000 people in 8 columns unpack to about 20 MB.
MAX_ZIP_ENTRIES = 1_000
MAX_UNPACKED_BYTES = 64 * MB  # all parts read, together
# Unpacked size / packed size of one entry. Sheet XML packs about 10:1, a bomb
# 1000:1. Entries under RATIO_FLOOR may pack as well as they like.
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB
MAX_SHARED_STRINGS = 1_000_000  # distinct texts of a workbook
# Row elements of a sheet beyond the rows asked for: Excel writes a row element
# for an empty row that has a format; a bomb writes millions.
EMPTY_ROW_ALLOWANCE = 10_000
MAX_PART_RECORDS = 100_000  # styles, relationships, sheets of a workbook
MAX_RECORD_ELEMENTS = 100_000  # XML elements in one row (or other record)
MAX_COLUMNS = 16_384  # Excel's limit (column XFD)


class Unreadable(Exception):
    """The file as a whole cannot be read; the message says why, for the uploader."""
