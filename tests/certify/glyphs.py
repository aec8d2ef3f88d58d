"""Which glyphs a PDF really draws, to prove none is ``.notdef``.

pdftotext cannot tell: a missing glyph is still written with the character's
Unicode value in the ToUnicode map, so the text reads back fine while the page
shows an empty box. The reliable check reads the glyph ids themselves:

1. walk every content stream (pages and form XObjects) with pypdf, keeping the
   current font of each ``Tf``;
2. WeasyPrint writes Type0 fonts: the strings of ``Tj``/``TJ`` are 2-byte
   codes, which are CIDs (Identity-H) or go through the font's embedded CMap,
   and CIDs map to glyph ids by the descendant font's CIDToGIDMap (Identity
   or a stream);
3. open the embedded font program (FontFile2/FontFile3) with fontTools and
   look each glyph id up: glyph 0 is ``.notdef`` by the OpenType spec, and an
   id beyond the font's glyph count would draw nothing either.
"""

from __future__ import annotations

import re
from collections import defaultdict
from io import BytesIO
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, NameObject

_CID_CHAR = re.compile(rb"<([0-9a-fA-F]+)>\s+(\d+)")
_CID_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)")


def _code_to_cid(encoding: Any) -> dict[int, int] | None:
    """None for Identity-H (code = CID), else the embedded CMap's 2-byte map.

    WeasyPrint writes its own CMap (``WP-Encod-0``) when one glyph stands for
    several characters or, as with missing glyphs, several codes share CID 0.
    """
    if encoding == NameObject("/Identity-H"):
        return None
    cmap = encoding.get_object().get_data()
    mapping: dict[int, int] = {}
    for block in re.findall(rb"begincidrange(.*?)endcidrange", cmap, re.DOTALL):
        for low, high, cid in _CID_RANGE.findall(block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = int(cid) + offset
    for block in re.findall(rb"begincidchar(.*?)endcidchar", cmap, re.DOTALL):
        for code, cid in _CID_CHAR.findall(block):
            mapping[int(code, 16)] = int(cid)
    return mapping


def _cid_to_gid(descendant: DictionaryObject) -> bytes | None:
    mapping = descendant.get("/CIDToGIDMap")
    if mapping is None or mapping == NameObject("/Identity"):
        return None
    return bytes(mapping.get_object().get_data())


def _font_program(descendant: DictionaryObject) -> TTFont:
    descriptor = descendant["/FontDescriptor"].get_object()
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return TTFont(BytesIO(descriptor[key].get_object().get_data()))
    raise AssertionError(f"font {descriptor.get('/FontName')} is not embedded")


def _strings(operands: list[Any], operator: bytes) -> list[bytes]:
    if operator in (b"Tj", b"'"):
        return [bytes(operands[0].original_bytes)]
    if operator == b'"':
        return [bytes(operands[2].original_bytes)]
    if operator == b"TJ":
        return [
            bytes(o.original_bytes) for o in operands[0] if hasattr(o, "original_bytes")
        ]
    return []


def drawn_glyphs(pdf: bytes) -> dict[str, list[tuple[int, str]]]:
    """Font name -> (glyph id, glyph name) of every glyph drawn."""
    reader = PdfReader(BytesIO(pdf))
    drawn: dict[str, list[tuple[int, str]]] = defaultdict(list)
    programs: dict[int, tuple[TTFont, dict[int, int] | None, bytes | None, str]] = {}

    def walk(content: Any, resources: DictionaryObject) -> None:
        fonts = resources.get("/Font", DictionaryObject()).get_object()
        xobjects = resources.get("/XObject", DictionaryObject()).get_object()
        current: Any = None
        for operands, operator in ContentStream(content, reader).operations:
            if operator == b"Tf":
                current = fonts[operands[0]]
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject["/Subtype"] == "/Form":
                    walk(xobject, xobject.get("/Resources", resources).get_object())
            for string in _strings(operands, operator):
                font = current.get_object()
                assert font["/Subtype"] == "/Type0", font["/Subtype"]
                key = getattr(current, "idnum", None) or id(font)
                if key not in programs:
                    descendant = font["/DescendantFonts"][0].get_object()
                    programs[key] = (
                        _font_program(descendant),
                        _code_to_cid(font["/Encoding"]),
                        _cid_to_gid(descendant),
                        str(font["/BaseFont"]),
                    )
                program, codes, table, name = programs[key]
                order = program.getGlyphOrder()
                for i in range(0, len(string) - 1, 2):
                    code = int.from_bytes(string[i : i + 2], "big")
                    cid = code if codes is None else codes[code]
                    gid = (
                        cid
                        if table is None
                        else int.from_bytes(table[2 * cid : 2 * cid + 2], "big")
                    )
                    glyph = order[gid] if gid < len(order) else "<missing>"
                    drawn[name].append((gid, glyph))

    for page in reader.pages:
        walk(page.get_contents(), page["/Resources"].get_object())
    return dict(drawn)


def notdef_glyphs(pdf: bytes) -> list[tuple[str, int]]:
    """(font, glyph id) of every drawn glyph that shows nothing: .notdef or absent."""
    return [
        (font, gid)
        for font, glyphs in drawn_glyphs(pdf).items()
        for gid, name in glyphs
        if gid == 0 or name in (".notdef", "<missing>")
    ]
