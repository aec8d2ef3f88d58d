"""A ZIP archive produced piece by piece, for downloads that never sit in memory."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# What NFKD does not take apart, spelled the way German and Nordic names are.
_SPELLED_OUT = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
    }
)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_NAME_PART = 80
# A ZIP's timestamps cannot go before 1980 (MS-DOS dates).
_EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ZipMember:
    """One file of the archive: its name inside the ZIP, its bytes, its time."""

    name: str
    data: bytes
    modified: datetime


def safe_name_part(text: str, fallback: str = "unnamed") -> str:
    """ASCII letters, digits, ``_`` and ``-`` only: safe on every file system.

    Umlauts are spelled out (``Müller`` becomes ``Mueller``), other accents
    dropped, anything else (slashes, spaces, dots) becomes ``-``, so a name
    can neither climb out of a folder nor add a second file extension.
    """
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    ascii_text = spelled.encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("-", ascii_text).strip("-._")[:MAX_NAME_PART].strip("-._")
    return cleaned or fallback


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream that hands its bytes back on request.

    Given such a stream, zipfile writes a data descriptor after each member
    instead of seeking back to patch the local header, so nothing is rewritten
    and every byte written can be sent at once.
    """

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        return len(chunk)

    def take(self) -> bytes:
        chunk = b"".join(self._chunks)
        self._chunks.clear()
        return chunk


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    utc = max(moment.astimezone(UTC), _EARLIEST)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


def stream_zip(members: Iterable[ZipMember]) -> Iterator[bytes]:
    """Yield a ZIP archive of ``members`` (stored, uncompressed) chunk by chunk.

    Only one member's bytes are held at a time. PDFs compress their own
    content, so deflating them again would cost time and save little. Names
    must be unique; ZIP64 records are added by zipfile when the archive grows
    past its 4 GiB or 65,535-entry limits.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=_zip_time(member.modified))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.data)
            chunk = sink.take()
            if chunk:
                yield chunk
    tail = sink.take()
    if tail:
        yield tail
