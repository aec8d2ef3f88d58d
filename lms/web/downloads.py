"""Download names: an ASCII `filename` for every client, the real one in UTF-8.

Every attachment's `Content-Disposition` comes from `content_disposition`, so a
name from the database (a person's) can never bring a quote, a line break, a
slash or a second extension into the header or onto the learner's disk.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from lms.files.zipstream import MAX_NAME_PART, safe_name_part

# Letters and digits of any script (\w, less `_`, which joins the parts).
_NOT_A_NAME = re.compile(r"[^\w-]+|_")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,8}")


def name_part(text: str, fallback: str = "unnamed") -> str:
    """`text` with its letters and digits kept, in any script; runs of anything
    else (spaces, dots, quotes, slashes, control and direction marks) become `-`."""
    composed = unicodedata.normalize("NFC", text)
    cleaned = _NOT_A_NAME.sub("-", composed).strip("-")[:MAX_NAME_PART].strip("-")
    return cleaned or fallback


def content_disposition(filename: str, fallback: str = "unnamed") -> str:
    """`attachment` with `filename` in ASCII and `filename*` (RFC 6266) in UTF-8.

    `filename` is `parts_joined_by_underscores.extension`; each part is cleaned
    on its own, and one left empty (a name in Chinese, in ASCII) is `fallback`.
    Browsers save under `filename*`; clients that do not know it (RFC 5987)
    use `filename`, where `Jürgen Groß` is spelled `Juergen-Gross`.
    """
    stem, dot, extension = filename.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = filename, ""
    suffix = f".{extension}" if extension else ""
    parts = stem.split("_")
    ascii_name = "_".join(safe_name_part(part, fallback) for part in parts) + suffix
    utf8_name = "_".join(name_part(part, fallback) for part in parts) + suffix
    return (
        f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(utf8_name, safe='')}"
    )
