"""Moodle's format markers and several "=" answers, from Moodle's GIFT docs.

The examples of Moodle's "GIFT format" documentation, with the ``[html]``,
``[moodle]``, ``[plain]`` and ``[markdown]`` markers Moodle's own export
writes before question text, answers and feedback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lms.quiz.bank.schema import Bank, Question
from lms.quiz.engine.grading import grade_question
from lms.quiz.gift.convert import export_gift, import_gift
from tests.quiz.banks import parse_ok, question
from tests.quiz.gift.test_gift_pegjs import _pegjs

DATA = Path(__file__).parent / "data" / "moodle_docs_formats.gift"
GIFT = DATA.read_text("utf-8")
GIFT_PATH = "imports/moodle-docs.gift"
MD_PATH = "quizzes/demo/moodle-docs.md"
MARKER = re.compile(r"\[(?:html|moodle|plain|markdown)\]")


def imported() -> tuple[str, Bank]:
    markdown, problems = import_gift(GIFT, GIFT_PATH)
    assert problems == []
    return markdown, parse_ok(markdown, MD_PATH)


def texts(q: Question) -> Iterator[str]:
    yield from (q.stem_md, q.stem_html, q.general_feedback_md, q.general_feedback_html)
    for c in q.choices:
        yield from (c.text_md, c.text_html, c.feedback_md, c.feedback_html)
    for a in q.accepted:
        yield from (a.text, a.feedback_md, a.feedback_html)
    for n in q.numeric:
        yield from (n.feedback_md, n.feedback_html)
    for p in q.pairs:
        yield from (p.left_md or "", p.left_html or "", p.right_md, p.right_html)


def test_no_format_marker_reaches_a_learner() -> None:
    markdown, bank = imported()
    assert not MARKER.search(markdown)
    questions = list(bank.questions())
    assert len(questions) == 11
    for q in questions:
        for text in texts(q):
            assert not MARKER.search(text), (q.id, text)


def test_each_text_is_read_in_its_own_format() -> None:
    _, bank = imported()
    mc = question(bank, "q-q2")
    assert mc.stem_html == (
        "<p>What's between <b>orange</b> and green in the spectrum?</p>"
    )
    assert [c.text_html for c in mc.choices] == [
        "<b>yellow</b>",
        "red",
        "<em>blue</em>",
    ]
    # [html] feedback keeps its markup; [plain] shows its stars as stars.
    assert mc.choices[0].feedback_html == "<p>right; <i>good!</i></p>"
    assert mc.choices[1].feedback_md == "wrong, it's yellow"
    assert mc.choices[2].feedback_html == "<p>wrong, it's *yellow*</p>"
    tf = question(bank, "q-q10")
    assert [c.feedback_html for c in tf.choices] == [
        "<p><b>No</b>, he is entombed.</p>",
        "<p>Right: *entombed*, not buried.</p>",
    ]
    short = question(bank, "q-q11")
    assert [a.text for a in short.accepted] == ["no one", "nobody"]
    assert short.general_feedback_html == "<p>He is <i>entombed</i>.</p>"
    assert question(bank, "q-q4").pairs[0].left_html == "<i>cat</i>"
    assert [n.feedback_html for n in question(bank, "q-q7").numeric] == [
        "<p>Correct! Full credit.</p>",
        "<p>He was born in 1822. Half credit for being close.</p>",
    ]


def test_html_is_sanitised_on_import() -> None:
    gift = (
        '::X::[html]<p onclick="steal()">Pick <b>one</b><script>alert(1)'
        '</script></p> {=[html]<a href\\="javascript\\:alert(1)">yes</a> ~no}'
    )
    markdown, problems = import_gift(gift, GIFT_PATH)
    assert problems == []
    assert "script" not in markdown
    assert "onclick" not in markdown
    assert "javascript" not in markdown
    q = question(parse_ok(markdown, MD_PATH), "q-x")
    assert q.stem_html == "<p>Pick <b>one</b></p>"


def test_several_equals_answers_are_one_choice_where_each_earns_full_marks() -> None:
    # Moodle: a radio-button question; any "=" answer is worth 100 %.
    _, bank = imported()
    seasons = question(bank, "q-q8")
    assert seasons.type == "single"
    assert [c.text_md for c in seasons.choices] == [
        "spring",
        "summer",
        "winter",
        "autumn",
        "<i>easter</i>",
    ]
    assert [c.correct for c in seasons.choices] == [True, True, True, True, False]
    for choice in seasons.choices:
        got = grade_question(seasons, choice.id)
        assert got.correct is choice.correct
        assert got.points == (seasons.points if choice.correct else 0)


def test_round_trip_exports_back_the_same() -> None:
    markdown, bank = imported()
    exported = export_gift(bank)
    # Our export declares its Markdown with Moodle's own marker.
    assert "::q-q2::[markdown]What's between <b>orange</b>" in exported
    again, problems = import_gift(exported, GIFT_PATH)
    assert problems == []
    assert again == markdown
    assert list(parse_ok(again, MD_PATH).questions()) == list(bank.questions())


def test_gift_pegjs_reads_the_same_types_and_answers() -> None:
    theirs = _pegjs(GIFT)
    _, bank = imported()
    kinds = {
        "single": "MC",
        "multiple": "MC",
        "truefalse": "TF",
        "short": "Short",
        "numeric": "Numerical",
        "matching": "Matching",
    }
    assert [q["type"] for q in theirs] == [kinds[q.type] for q in bank.questions()]
    weights = [[w for w, _ in q["choices"]] for q in theirs]
    ours = [[c.weight for c in q.choices] for q in bank.questions()]
    assert weights[8] == ours[8] == [-100, 50, 50, -100]
    assert len(weights[7]) == len(ours[7]) == 5
