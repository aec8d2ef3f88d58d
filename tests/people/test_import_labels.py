"""The people file in the reader's language: every label reads back, every
row message has its German translation (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale

from lms.people import import_rows, matching, upsert
from lms.people.import_labels import COLUMN_LABELS, template_file, template_header
from lms.people.import_rows import COLUMNS, read_people

PO = Path(import_rows.__file__).parents[1] / "translations/de/LC_MESSAGES/messages.po"


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_template_header_reads_back_as_its_column(
    app: Flask, language: str
) -> None:
    with app.app_context():
        header = template_header(language)
        data = template_file("csv", language)
    assert len(set(header)) == len(COLUMNS)
    people = read_people(data + b"\r\n", "template.csv")
    assert people.columns == frozenset(COLUMNS)
    assert set(COLUMN_LABELS) == set(COLUMNS)


def test_every_row_message_has_a_german_translation() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {message.id for message in catalog if message.string}
    templates: set[str] = set()
    for module in (import_rows, matching, upsert):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        for call in re.finditer(r"(?:row_problem|problem)\((.*?)\)\n", source, re.S):
            # Adjacent literals form one message; short ones are values (", ").
            for group in re.findall(r'(?:"(?:[^"\\\n]|\\.)+"\s*)+', call.group(1)):
                text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', group))
                if len(text) > 12 and (text[0].islower() or text.startswith("%(")):
                    templates.add(text)
    assert len(templates) >= 20
    assert templates - translated == set()


def test_a_german_reader_gets_german_messages(app: Flask) -> None:
    from lms.people.import_labels import problem_text

    people = read_people(b"email,name,language\nnope,Nina,xx\n", "people.csv")
    with app.test_request_context(), force_locale("de"):
        texts = {problem_text(problem) for problem in people.problems}
    assert texts == {
        "keine gültige E-Mail-Adresse: 'nope': Eine E-Mail-Adresse braucht ein"
        " @-Zeichen, wie in anna@example.com.",
        "unbekannte Sprache 'xx': verwenden Sie en / de",
    }
