"""Moodle GIFT: importing a realistic file, exporting banks, round trips."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from lms.quiz.bank.schema import Bank, Question, Scenario
from lms.quiz.engine.grading import grade_question
from lms.quiz.gift.convert import escape, export_gift, import_gift
from tests.quiz.banks import SAMPLE, first, front, parse_ok, question

GIFT = (Path(__file__).parent / "data" / "customer_service.gift").read_text("utf-8")
GIFT_PATH = "imports/customer-service.gift"
MD_PATH = "quizzes/demo/customer-service.md"


def imported(text: str = GIFT) -> Bank:
    markdown, _ = import_gift(text, GIFT_PATH)
    return parse_ok(markdown, MD_PATH)


def one(text: str) -> Question:
    markdown, problems = import_gift(text, GIFT_PATH)
    assert problems == []
    bank = parse_ok(markdown, MD_PATH)
    assert len(bank.items) == 1
    item = bank.items[0]
    assert isinstance(item, Question)
    return item


def test_realistic_file_imports_every_supported_question() -> None:
    markdown, problems = import_gift(GIFT, GIFT_PATH)
    assert [str(p) for p in problems] == [
        f"{GIFT_PATH}:67: 'Essay' is an essay question, which is not supported; "
        "left out",
        f"{GIFT_PATH}:69: 'Welcome' has no answers (a description); left out",
    ]
    assert markdown.startswith(
        "---\nid: customer-service\ntitle: Customer service\npass_mark: 80\n---\n"
    )
    bank = parse_ok(markdown, MD_PATH)
    assert [(q.id, q.type) for q in bank.questions()] == [
        ("q-greeting", "single"),
        ("q-multiple-answers", "multiple"),
        ("q-hold-music", "truefalse"),
        ("q-name-use", "truefalse"),
        ("q-short", "short"),
        ("q-numeric-tolerance", "numeric"),
        ("q-numeric-range", "numeric"),
        ("q-numeric-many", "numeric"),
        ("q-match-channels", "matching"),
        ("q-missing-word", "single"),
        ("q-escapes", "single"),
        ("q-plain", "single"),
        ("q-html", "single"),
        ("q-multi-line", "single"),
    ]


def test_single_choice_with_partial_weight_and_feedback() -> None:
    q = question(imported(), "q-greeting")
    assert q.tags == ("customer-service", "phone", "basics")
    assert q.stem_html == (
        "<p>What should you say <strong>first</strong> when you answer the phone?</p>"
    )
    assert [(c.text_md, c.correct, c.weight) for c in q.choices] == [
        ("Your company and your name", True, None),
        ("Just your name", False, 50),
        ('"Hello?"', False, None),
    ]
    assert q.choices[1].feedback_md == "Half right: add the company."
    assert q.general_feedback_md == "Always say who you are."
    assert grade_question(q, "c2").points == 0.5


def test_multiple_answers_keep_weights() -> None:
    q = question(imported(), "q-multiple-answers")
    assert [(c.correct, c.weight) for c in q.choices] == [
        (True, 50), (True, 50), (False, -50), (False, -50),
    ]  # fmt: skip
    assert grade_question(q, {"c1", "c3"}).points == 0
    assert grade_question(q, {"c1", "c2"}).correct


def test_true_false_feedback_goes_to_the_right_choice() -> None:
    q = question(imported(), "q-hold-music")
    assert [(c.text_md, c.correct, c.feedback_md) for c in q.choices] == [
        ("True", False, "No, they do not."),
        ("False", True, "Right, they do not."),
    ]
    assert [c.correct for c in question(imported(), "q-name-use").choices] == [
        True,
        False,
    ]


def test_short_answers_with_weights() -> None:
    q = question(imported(), "q-short")
    assert [(a.text, a.weight, a.feedback_md) for a in q.accepted] == [
        ("thanks", None, "Fine."),
        ("thank you", None, ""),
        ("bye", 50, "Partly right."),
    ]


def test_numeric_forms() -> None:
    bank = imported()
    tolerance = question(bank, "q-numeric-tolerance")
    assert [(a.low, a.high) for a in tolerance.numeric] == [(5, 15)]
    assert tolerance.general_feedback_md == "About three rings."
    assert [(a.low, a.high) for a in question(bank, "q-numeric-range").numeric] == [
        (70, 100)
    ]
    many = question(bank, "q-numeric-many").numeric
    assert [(a.value, a.tolerance, a.weight, a.feedback_md) for a in many] == [
        (3.14, 0.005, None, "Exactly."),
        (3.1, 0.05, 50, "Close enough for half."),
    ]


def test_matching_with_distractor_and_category_tags() -> None:
    q = question(imported(), "q-match-channels")
    assert q.tags == ("customer-service", "complaints")
    assert [(p.left_md, p.right_md) for p in q.pairs] == [
        ("An angry customer", "Phone call"),
        ("A detailed price list", "E-mail"),
        ("An address change", "Web form"),
        (None, "Fax"),
    ]


def test_missing_word_gets_a_blank() -> None:
    q = question(imported(), "q-missing-word")
    assert q.stem_md == "Listen first, then _____ where it is due."
    assert [c.text_md for c in q.choices] == ["apologise", "argue", "hang up"]


def test_escapes_and_formats() -> None:
    bank = imported()
    escapes = question(bank, "q-escapes")
    assert escapes.stem_md == (
        "Which characters need a backslash in GIFT: { } = ~ # and : ?"
    )
    assert escapes.choices[0].text_md == "All of them = yes"
    assert escapes.choices[0].feedback_md == "Indeed: all six."
    assert question(bank, "q-plain").stem_html == "<p>Is *this* bold?</p>"
    html = question(bank, "q-html")
    assert html.stem_html == "<p>Pick the <b>polite</b> reply.</p>"
    assert html.choices[0].text_html == "<i>Certainly, one moment.</i>"
    assert question(bank, "q-multi-line").stem_md == (
        "First line of the stem, second line after an escaped newline. More stem "
        "text on a new line."
    )


@pytest.mark.parametrize(
    ("gift", "qid"),
    [
        ("// [id:Q-42]\nWhat? {=a ~b}", "q-42"),
        ("// [id:greeting]\nWhat? {=a ~b}", "q-greeting"),
        ("// [id:q-x]\n::Title::What? {=a ~b}", "q-x"),
        ("::Über Größe::What? {=a ~b}", "q-uber-grosse"),
        (
            "What is the capital of France today? {=Paris ~Rome}",
            "q-what-is-the-capital-of-france",
        ),
    ],
)
def test_question_ids(gift: str, qid: str) -> None:
    assert one(gift).id.startswith(qid)


def test_duplicate_names_get_numbered_ids() -> None:
    bank = imported("::Same::A? {=a ~b}\n\n::Same::B? {=a ~b}\n")
    assert [q.id for q in bank.questions()] == ["q-same", "q-same-2"]


@pytest.mark.parametrize(
    ("gift", "line", "message"),
    [
        ("::Broken::What? {=a ~b", 1, "'Broken': '{' and '}' do not pair up; left out"),
        ("// [points:lots]\nWhat? {=a ~b}", 2, "[points:lots] is not a number"),
        ("What? {#x:1}", 1, "bad numeric answer 'x:1'"),
        ("What? {#3:1 ~#Wrong.}", 1, "numeric feedback for any other answer"),
        ("What? {stray ~b =a}", 1, "text 'stray' before the first '=' or '~'"),
        ("\nWhat? {=a -> b =c}", 2, "matching answer 'c' has no '->'"),
        ("{=a ~b}", 1, "has no text"),
    ],
)
def test_import_problems(gift: str, line: int, message: str) -> None:
    _, problems = import_gift(gift, GIFT_PATH)
    assert [(p.path, p.line) for p in problems] == [(GIFT_PATH, line)]
    assert message in problems[0].message


def test_points_and_pinned_comments() -> None:
    q = one("// [id:q-p] [points:2] [pinned:3]\nWhat? {=a ~b ~none of these}")
    assert q.points == 2
    assert [c.pinned for c in q.choices] == [False, False, True]


def test_round_trip_keeps_every_question_answer_weight_and_feedback() -> None:
    first_markdown, _ = import_gift(GIFT, GIFT_PATH)
    bank = parse_ok(first_markdown, MD_PATH)
    exported = export_gift(bank)
    second_markdown, problems = import_gift(exported, GIFT_PATH)
    assert problems == []
    assert second_markdown == first_markdown
    again = parse_ok(second_markdown, MD_PATH)
    assert list(again.questions()) == list(bank.questions())


def _without_scenarios(bank: Bank) -> list[Question]:
    return [q for q in bank.items if isinstance(q, Question) and q.type != "ordering"]


def test_export_of_a_written_bank() -> None:
    bank = parse_ok(SAMPLE)
    exported = export_gift(bank)
    assert "// q-call-steps: ordering questions have no GIFT form; left out" in exported
    assert "// [id:q-habits] [tag:phone] [points:2]" in exported
    assert "// [id:q-unknown-product] [tag:phone] [tag:basics] [pinned:4]" in exported
    assert "::s-angry::[markdown]**Scenario\\: the angry caller**" in exported
    markdown, problems = import_gift(exported, GIFT_PATH)
    assert [p.message for p in problems] == [
        "'s-angry' has no answers (a description); left out"
    ]
    back = parse_ok(markdown, MD_PATH)
    scenario = bank.items[-1]
    assert isinstance(scenario, Scenario)
    assert question(back, "q-angry-first").tags == ("difficult", "s-angry")
    for original in _without_scenarios(bank):
        copy = question(back, original.id)
        assert copy.type == original.type
        assert copy.stem_md == original.stem_md
        assert [c.text_md for c in copy.choices] == [
            c.text_md for c in original.choices
        ]
        assert [c.pinned for c in copy.choices] == [c.pinned for c in original.choices]
        assert [(a.text, a.weight) for a in copy.accepted] == [
            (a.text, a.weight) for a in original.accepted
        ]
        assert copy.numeric == original.numeric
        assert copy.pairs == original.pairs
        assert copy.general_feedback_md == original.general_feedback_md
        assert copy.points == original.points


def test_exported_default_multiple_weights_grade_the_same() -> None:
    original = question(parse_ok(SAMPLE), "q-habits")
    markdown, _ = import_gift(export_gift(parse_ok(SAMPLE)), GIFT_PATH)
    copy = question(parse_ok(markdown, MD_PATH), "q-habits")
    ids = [c.id for c in original.choices]
    for size in range(len(ids) + 1):
        for picked in itertools.combinations(ids, size):
            mine = grade_question(original, set(picked))
            theirs = grade_question(copy, set(picked))
            assert mine.points == pytest.approx(theirs.points)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a: b", "a\\: b"),
        ("{x} = ~y #z", "\\{x\\} \\= \\~y \\#z"),
        ("two\nlines", "two\\nlines"),
        ("C:\\new", "C\\:\\\\new"),
        ("\\*keep*", "\\*keep*"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    "text",
    [
        "Back\\slash \\n and C:\\new",
        "Line one\n\nLine two",
        "- [x] looks like a choice",
        "## looks like a heading",
        "= looks like an answer",
        "ends in a backslash \\",
    ],
)
def test_tricky_texts_survive_a_round_trip(text: str) -> None:
    base = first(parse_ok(front() + "## Stem {#q-t}\n\n- [x] right\n- [ ] wrong\n"))
    right = replace(base.choices[0], feedback_md=text)
    tricky = replace(base, stem_md=f"Stem\n\n{text}", choices=(right, base.choices[1]))
    back = one(export_gift(Bank("t", "T", MD_PATH, items=(tricky,))))
    assert back.choices[0].feedback_md == text
    assert back.stem_md.split() == tricky.stem_md.split()


def test_trailing_hash_in_a_stem_is_not_a_closing_hash() -> None:
    markdown, _ = import_gift("Press \\# {=a ~b}", GIFT_PATH)
    q = first(parse_ok(markdown, MD_PATH))
    assert q.stem_html == "<p>Press #</p>"
    again, _ = import_gift(export_gift(parse_ok(markdown, MD_PATH)), GIFT_PATH)
    assert again == markdown
