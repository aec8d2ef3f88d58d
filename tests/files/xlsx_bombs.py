"""XLSX files built to exhaust a reader: the zip bombs of the security review (F6)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">
<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<Relationships xmlns="{RELS}">
<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml" Type="x/sharedStrings"/>
</Relationships>"""
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
)
_BATCH = 100_000


def repeated(piece: str, times: int) -> Iterable[bytes]:
    """piece times times, in batches, so that no test holds the unpacked part."""
    batch = piece.encode() * _BATCH
    for _ in range(times // _BATCH):
        yield batch
    yield piece.encode() * (times % _BATCH)


def workbook(
    sheet: Iterable[bytes],
    strings: Iterable[bytes] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An XLSX file whose sheet and shared strings are streamed into the archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, parts, head, tail in (
            ("xl/sharedStrings.xml", strings, f'<sst xmlns="{MAIN}">', "</sst>"),
            (
                "xl/worksheets/sheet1.xml",
                sheet,
                f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}',
                "</sheetData></worksheet>",
            ),
        ):
            with archive.open(name, "w", force_zip64=True) as part:
                part.write(head.encode())
                for piece in parts:
                    part.write(piece)
                part.write(tail.encode())
    return buffer.getvalue()


def small_bomb() -> bytes:
    """The review's 22 KB file: 1 M empty rows and 300k shared strings."""
    return workbook(repeated("<row/>", 1_000_000), repeated("<si/>", 300_000))


def big_bomb() -> bytes:
    """The review's 176 KB file: 20 M empty rows, 120 MB unpacked."""
    return workbook(repeated("<row/>", 20_000_000))
