"""Reading XML parts of an uploaded ZIP (XLSX) archive within a budget.

The central directory is checked before anything is unpacked (entry count,
total size, ratio per entry); then every part is unpacked in chunks that count
against the same budget, so a directory that lies cannot get further. XML is
parsed as a stream and each record (a row, a shared string) is dropped from the
tree once the caller has seen it, so memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterator

# S405 (preview) and S314: defusedxml is not installed. Entity expansion, the
# danger for ElementTree, is ruled out by refusing any part with a DTD before
# the parser sees it (_xml_text); expat never fetches external entities.
from xml.etree import ElementTree  # noqa: S405

from lms.files.sheet_limits import (
    MAX_RATIO,
    MAX_RECORD_ELEMENTS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_ENTRIES,
    MB,
    RATIO_FLOOR,
    Unreadable,
)

_CHUNK = 64 * 1024
_DTD = re.compile(r"<!(?i:doctype|entity)")
_DTD_OVERLAP = 16  # characters kept from the previous chunk: a match spans 9
_BOM = "\ufeff"


def too_large(max_bytes: int) -> Unreadable:
    return Unreadable(
        f"the file unpacks to more than {max_bytes // MB} MB: split it into"
        " smaller files"
    )


class BoundedZip:
    """A ZIP archive whose parts are unpacked within max_bytes, all together."""

    def __init__(
        self, archive: zipfile.ZipFile, max_bytes: int = MAX_UNPACKED_BYTES
    ) -> None:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise Unreadable(
                f"the file holds more than {MAX_ZIP_ENTRIES:,} parts:"
                " it is not an ordinary XLSX file"
            )
        if sum(entry.file_size for entry in entries) > max_bytes:
            raise too_large(max_bytes)
        for entry in entries:
            packed = max(entry.compress_size, 1)
            if entry.file_size > max(RATIO_FLOOR, MAX_RATIO * packed):
                raise Unreadable(
                    f"a part of the file unpacks to more than {MAX_RATIO} times"
                    " its packed size: it is not an ordinary XLSX file"
                )
        self.archive = archive
        self.names = {entry.filename for entry in entries}
        self.max_bytes = max_bytes
        self.left = max_bytes

    def chunks(self, name: str) -> Iterator[bytes]:
        """The unpacked bytes of a part, in chunks, stopping past the budget."""
        with self.archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                self.left -= len(chunk)
                if self.left < 0:
                    raise too_large(self.max_bytes)
                yield chunk

    def records(
        self, name: str, tags: frozenset[str], limit: int, what: str
    ) -> Iterator[ElementTree.Element]:
        """The elements of a part whose local name is in tags, as each ends.

        Each comes with its subtree; once the caller asks for the next, it is
        removed from the tree, as is everything outside such records. More than
        limit records raise Unreadable, saying "more than {limit} {what}".
        """
        parser: ElementTree.XMLPullParser[ElementTree.Element]
        parser = ElementTree.XMLPullParser(events=("start", "end"))
        open_path: list[ElementTree.Element] = []
        inside = kept = count = 0  # open records; elements kept inside them
        is_record_tag: dict[str, bool] = {}
        for text in _xml_text(self.chunks(name)):
            if text is None:
                parser.close()
            else:
                parser.feed(text)
            # Once per element and event: kept lean on purpose.
            for event, element in parser.read_events():  # type: ignore[misc]
                tag = element.tag  # type: ignore[union-attr]  # no ns events asked
                is_record = is_record_tag.get(tag)
                if is_record is None:
                    is_record = is_record_tag[tag] = local_name(tag) in tags
                if event == "start":
                    open_path.append(element)  # type: ignore[arg-type]
                    if inside or is_record:
                        kept += 1
                        if kept > MAX_RECORD_ELEMENTS:
                            raise Unreadable(
                                f"a row or entry of the file has more than"
                                f" {MAX_RECORD_ELEMENTS:,} parts"
                            )
                        inside += is_record
                    continue
                open_path.pop()
                if is_record:
                    inside -= 1
                    count += 1
                    if count > limit:
                        raise Unreadable(f"the file has more than {limit:,} {what}")
                    yield element  # type: ignore[misc]
                if not inside:
                    kept = 0
                    if open_path:
                        del open_path[-1][-1]  # it ended: its parent's last child
                elif is_record:
                    del open_path[-1][-1]  # a record within a record


def _xml_text(chunks: Iterator[bytes]) -> Iterator[str | None]:
    """UTF-8 text of a part in pieces, then None; refuses DTDs (see the import).

    Text rather than bytes makes expat ignore any declared encoding.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    previous = ""
    for chunk in _then_end(chunks):
        text = decoder.decode(chunk or b"", final=chunk is None)
        if not previous and text:
            text = text.removeprefix(_BOM)
        if _DTD.search(previous + text):
            raise Unreadable("not a readable XLSX file: it declares XML entities")
        previous = (previous + text)[-_DTD_OVERLAP:]
        yield text
    yield None


def _then_end(chunks: Iterator[bytes]) -> Iterator[bytes | None]:
    yield from chunks
    yield None


def local_name(tag: str) -> str:
    """A tag without its namespace, so Strict OOXML reads like Transitional."""
    return tag.rpartition("}")[2]
