"""Uploaded sheets are read within limits: zip bombs are refused, quickly, in little
memory, with a message that names the limit (security review F6)."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest

from lms.files import sheet_reader, xlsx_reader
from lms.files.sheet_reader import Unreadable, read_table
from lms.files.zip_budget import BoundedZip
from tests.files.xlsx_bombs import big_bomb, repeated, small_bomb, workbook

IMPORT_ROWS = 50_002  # what the people import asks for: header, 50,000, one more
STORED = zipfile.ZIP_STORED

BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    # Refused from the ZIP directory, before anything is unpacked.
    "20 M empty rows (176 KB)": (big_bomb, "the file unpacks to more than 64 MB"),
    "1 M empty rows, 300k strings (22 KB)": (
        small_bomb,
        "a part of the file unpacks to more than 100 times its packed size",
    ),
    # Uncompressed, so only the limits of the reading itself can stop them.
    "200k empty rows, stored": (
        lambda: workbook(repeated("<row/>", 200_000), compression=STORED),
        "row 60,003: the sheet has more than 60,002 rows, counting empty ones",
    ),
    "100k shared strings over a limit of 100k, stored": (
        lambda: workbook([], repeated("<si/>", 100_001), compression=STORED),
        "the file has more than 100,000 different texts (shared strings)",
    ),
    "a row of 100k cells, stored": (
        lambda: workbook([b"<row>", *repeated("<c/>", 100_001), b"</row>"], [], STORED),
        "a row or entry of the file has more than 100,000 parts",
    ),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused_quickly_in_little_memory(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real limit is 1,000,000: the same check, ten times faster to test.
    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_STRINGS", 100_000)
    build, message = BOMBS[name]
    data = build()
    assert len(data) < 6 * 1024 * 1024  # each fits the 5 MB upload, or nearly

    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(Unreadable) as refused:
            read_table(data, "people.xlsx", [], IMPORT_ROWS)
        cpu_seconds = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert str(refused.value).startswith(message)
    # Before the limits, the 20 M rows took 1.4 GB and the 22 KB file 15 s of CPU.
    assert peak < 40 * 1024 * 1024
    assert cpu_seconds < 10  # a loose bound (tracemalloc slows the reading down)


def test_unpacking_stops_past_the_budget_even_if_the_directory_lies() -> None:
    data = workbook(repeated("<row/>", 10_000))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = BoundedZip(archive)
        parts.left = 1_000  # as if the directory had promised little
        with pytest.raises(Unreadable, match="unpacks to more than 64 MB"):
            for _chunk in parts.chunks("xl/worksheets/sheet1.xml"):
                pass


def test_an_ordinary_sheet_of_many_rows_is_read() -> None:
    rows = (
        f'<row><c t="inlineStr"><is><t>p{number}@example.com</t></is></c>'
        f'<c t="inlineStr"><is><t>Person {number}</t></is></c></row>'.encode()
        for number in range(2, IMPORT_ROWS + 5)
    )
    table = read_table(workbook(rows), "people.xlsx", [], IMPORT_ROWS)
    assert len(table) == IMPORT_ROWS  # stops there: the import reports the rest
    last = IMPORT_ROWS
    assert table[-1] == (last, {0: f"p{last}@example.com", 1: f"Person {last}"})


def test_a_csv_file_is_refused_by_size_before_it_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheet_reader, "MAX_CSV_BYTES", 1024 * 1024)
    data = b"email,name\n" + b"\xff" * (1024 * 1024)  # never decoded
    with pytest.raises(Unreadable, match="^the file is larger than 1 MB"):
        read_table(data, "people.csv", [], IMPORT_ROWS)
