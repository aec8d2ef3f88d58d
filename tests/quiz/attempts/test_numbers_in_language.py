"""Scores, pass marks and points read in the learner's language (Babel)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.quiz.attempts.helpers import RIGHT, answer, start, submit, write_basics

# One of five questions wrong: 4 of 5 points, 80 percent.
FOUR_OF_FIVE = {**RIGHT, "a-q-internal": "boss"}
# Half of the habits question: 4.5 of 5 points, 90 percent.
FOUR_AND_A_HALF = {**RIGHT, "a-q-habits": ["c1"]}


def _text(html: str) -> str:
    """The page's text with tags removed and blanks (also no-break) as spaces."""
    text = re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def _result(client: Any, auth: Any, sync: Any, language: str, values: Any) -> str:
    write_basics(sync, pass_mark="87.5")
    auth.login(language=language)
    url = start(client)
    answer(client, url, values)
    submit(client, url)
    return _text(client.get(url + "/result").get_data(as_text=True))


@pytest.mark.parametrize(
    ("language", "score", "mark"),
    [
        ("de", "80 % – 4 von 5 Punkten", "Bestehensgrenze liegt bei 87,5 %."),
        ("en", "80% — 4 of 5 points", "The pass mark is 87.5%."),
    ],
)
def test_whole_score_has_no_decimal_and_a_partial_mark_has_one(
    client: Any, auth: Any, sync: Any, synced: Any, language: str, score: str, mark: str
) -> None:
    text = _result(client, auth, sync, language, FOUR_OF_FIVE)
    assert score in text
    assert mark in text
    assert "80.0" not in text
    assert "80,0" not in text


def test_german_points_use_the_decimal_comma(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    text = _result(client, auth, sync, "de", FOUR_AND_A_HALF)
    assert "90 % – 4,5 von 5 Punkten" in text


def test_german_quiz_page_and_course_outline_show_german_percentages(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    _result(client, auth, sync, "de", FOUR_OF_FIVE)
    overview = _text(client.get("/courses/cse/quiz/basics").get_data(as_text=True))
    assert "Bestehensgrenze: 87,5 %" in overview
    assert "Bisher bestes Ergebnis: 80 %." in overview
    course = _text(client.get("/courses/cse").get_data(as_text=True))
    assert "noch nicht bestanden (80 %)" in course
