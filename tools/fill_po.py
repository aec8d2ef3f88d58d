"""Fill German translations into the catalog from a JSON file {msgid: msgstr}.

For plural messages the key is the singular msgid and the value a list
[singular, plural].

Usage: python tools/fill_po.py translations.json
Run `make messages` first so that the catalog has every msgid.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = (
    Path(__file__).resolve().parent.parent
    / "lms/translations/de/LC_MESSAGES/messages.po"
)


def main() -> None:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key in table:
            value = table[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    missing = [
        m.id
        for m in catalog
        if m.id
        and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=88)
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main()
