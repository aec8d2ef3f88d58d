"""Parsing bank files: every question type, scenarios, settings and rendering."""

from __future__ import annotations

import pytest

from lms.quiz.bank.parser import language_of, parse_bank
from lms.quiz.bank.schema import BankSettings, NumericAnswer, Scenario
from tests.quiz.banks import PATH, SAMPLE, first, front, parse_ok, question


def test_settings_from_front_matter() -> None:
    bank = parse_ok(SAMPLE)
    assert bank.id == "telephone"
    assert bank.title == "Telephone etiquette"
    assert bank.path == PATH
    assert bank.language == "en"
    assert bank.settings == BankSettings(
        pass_mark=80,
        attempts=3,
        delay_minutes=10,
        time_limit_minutes=20,
        draw=6,
        questions_per_page=2,
        shuffle_questions=True,
        shuffle_choices=True,
        grading="last",
        review="answers",
        review_when="passed",
        include=(),
    )
    assert bank.key_lines["draw"] == 8


def test_defaults_and_per_tag_draw() -> None:
    text = front("draw: {phone: 1, email: 1}\ntime_limit_minutes: none\n") + (
        '## A {#q-a tags="phone"}\n\n- [x] y\n- [ ] n\n\n'
        '## B {#q-b tags="email"}\n\n= yes\n'
    )
    settings = parse_ok(text).settings
    assert settings.draw == {"phone": 1, "email": 1}
    assert settings.attempts is None
    assert settings.time_limit_minutes is None
    assert settings.grading == "highest"
    assert settings.review == "feedback"
    assert not settings.shuffle_questions


def test_items_keep_file_order() -> None:
    bank = parse_ok(SAMPLE)
    ids = [item.id for item in bank.items]
    assert ids == [
        "q-unknown-product", "q-habits", "q-smile", "q-last-word", "q-rings",
        "q-call-steps", "q-channels", "s-angry",
    ]  # fmt: skip
    assert len(list(bank.questions())) == 9


def test_single_choice_with_feedback_and_pinned() -> None:
    q = question(parse_ok(SAMPLE), "q-unknown-product")
    assert q.type == "single"
    assert q.tags == ("phone", "basics")
    assert q.points == 1
    assert q.line == 17
    assert q.stem_html.startswith("<p>A caller asks")
    assert [c.id for c in q.choices] == ["c1", "c2", "c3", "c4"]
    assert [c.correct for c in q.choices] == [False, True, False, False]
    assert q.choices[0].feedback_html == (
        "<p>You do not know that yet; guessing damages trust.</p>"
    )
    assert q.choices[3].text_html == "None of these"
    assert [c.pinned for c in q.choices] == [False, False, False, True]
    assert q.general_feedback_html == (
        "<p>General feedback shown after the answer, for every learner.</p>"
    )


def test_multiple_response_stem_paragraphs_and_points() -> None:
    q = question(parse_ok(SAMPLE), "q-habits")
    assert q.type == "multiple"
    assert q.points == 2
    assert q.stem_html == (
        "<p>Which habits help on the phone?</p>\n<p>Pick <strong>all</strong> that "
        "apply.</p>"
    )
    assert [c.correct for c in q.choices] == [True, True, False, False]


def test_two_checked_boxes_infer_multiple() -> None:
    text = front() + "## Pick {#q-a}\n\n- [x] a\n- [X] b\n- [ ] c\n"
    assert first(parse_ok(text)).type == "multiple"


def test_true_false() -> None:
    q = question(parse_ok(SAMPLE), "q-smile")
    assert q.type == "truefalse"
    assert [(c.text_html, c.correct) for c in q.choices] == [
        ("True", True),
        ("False", False),
    ]


def test_short_answer() -> None:
    q = question(parse_ok(SAMPLE), "q-last-word")
    assert q.type == "short"
    assert [a.text for a in q.accepted] == ["thank you", "thanks"]


def test_numeric_tolerance_and_range() -> None:
    q = question(parse_ok(SAMPLE), "q-rings")
    assert q.type == "numeric"
    assert q.numeric == (
        NumericAnswer(low=5, high=15, value=10, tolerance=5),
        NumericAnswer(low=30, high=40),
    )


@pytest.mark.parametrize(
    ("line", "low", "high"),
    [
        ("= 12", 12, 12),
        ("= -3.5", -3.5, -3.5),
        ("= 12 ± 0.5", 11.5, 12.5),
        ("= 1e3 +- 10", 990, 1010),
        ("= -2..2", -2, 2),
    ],
)
def test_numeric_syntax(line: str, low: float, high: float) -> None:
    q = first(parse_ok(front() + f"## N {{#q-n}}\n\n{line}\n"))
    assert (q.numeric[0].low, q.numeric[0].high) == (low, high)


def test_short_class_keeps_numbers_as_text() -> None:
    q = first(parse_ok(front() + "## Year {#q-y .short}\n\n= 1989\n"))
    assert q.type == "short"
    assert q.accepted[0].text == "1989"


def test_short_answer_mixing_words_and_numbers() -> None:
    q = first(parse_ok(front() + "## Rings {#q-y}\n\n= 3\n= three\n"))
    assert q.type == "short"


def test_ordering() -> None:
    q = question(parse_ok(SAMPLE), "q-call-steps")
    assert q.type == "ordering"
    assert [(i.id, i.text_html) for i in q.items] == [
        ("o1", "Greet the caller"),
        ("o2", "Listen to the request"),
        ("o3", "Solve or promise a call back"),
        ("o4", "Say goodbye"),
    ]


def test_matching_with_distractor() -> None:
    q = question(parse_ok(SAMPLE), "q-channels")
    assert q.type == "matching"
    assert [(p.left_id, p.left_html, p.right_id, p.right_html) for p in q.pairs] == [
        ("m1", "An angry customer", "r1", "Phone call"),
        ("m2", "A price list", "r2", "E-mail"),
        (None, None, "r3", "Fax"),
    ]
    assert q.right_options == (("r1", "Phone call"), ("r2", "E-mail"), ("r3", "Fax"))


def test_matching_shared_right_side_is_one_option() -> None:
    text = (
        front()
        + "## Match {#q-m}\n\n- cat -> animal\n- dog -> animal\n- oak -> plant\n"
    )
    q = first(parse_ok(text))
    assert [p.right_id for p in q.pairs] == ["r1", "r1", "r2"]
    assert q.right_options == (("r1", "animal"), ("r2", "plant"))


def test_scenario() -> None:
    scenario = parse_ok(SAMPLE).items[-1]
    assert isinstance(scenario, Scenario)
    assert scenario.id == "s-angry"
    assert scenario.title_html == "Scenario: the angry caller"
    assert scenario.case_html == (
        "<p>A customer calls for the <strong>third</strong> time about a late "
        "delivery.</p>"
    )
    assert scenario.tags == ("difficult",)
    assert [q.id for q in scenario.questions] == ["q-angry-first", "q-angry-promise"]


def test_weights_on_choices() -> None:
    text = front() + (
        "## Pick {#q-w .multiple}\n\n"
        "- [x] a {weight=60}\n- [x] b {.pinned weight=40}\n- [ ] c {weight=-50}\n"
        "- [ ] d\n"
    )
    q = first(parse_ok(text))
    assert [c.weight for c in q.choices] == [60, 40, -50, None]
    assert q.choices[1].pinned


def test_answer_weights_and_feedback_on_equals_lines() -> None:
    text = front() + "## Say {#q-s}\n\n= thanks\n  > Good.\n= bye {weight=50}\n"
    q = first(parse_ok(text))
    assert q.accepted[0].feedback_html == "<p>Good.</p>"
    assert q.accepted[1].weight == 50


def test_choice_text_continues_on_indented_lines() -> None:
    text = front() + "## Pick {#q-c}\n\n- [x] first part\n  second part\n- [ ] no\n"
    q = first(parse_ok(text))
    assert q.choices[0].text_html == "first part\nsecond part"


def test_stem_lists_and_code_stay_in_the_stem() -> None:
    text = front() + (
        "## Which line is wrong? {#q-code}\n\n"
        "1. a numbered list in the stem\n\n"
        "```\n- [x] not a choice\n## not a heading\n= not an answer\n```\n\n"
        "- [x] the second\n- [ ] none\n"
    )
    q = first(parse_ok(text))
    assert q.type == "single"
    assert "<ol>" in q.stem_html
    assert "## not a heading" in q.stem_html
    assert len(q.choices) == 2


def test_html_is_sanitized_and_no_checkbox_is_rendered() -> None:
    text = front() + (
        '## Bad <script>alert(1)</script> <a href="javascript:x()">link</a> '
        '<img src="x.png" onerror="x()"> {#q-x}\n\n'
        "- [x] <b onclick='x()'>bold</b>\n- [ ] - [x] nested\n"
    )
    q = first(parse_ok(text))
    assert "script" not in q.stem_html
    assert "javascript" not in q.stem_html
    assert "onerror" not in q.stem_html
    assert q.choices[0].text_html == "<b>bold</b>"
    for choice in q.choices:
        assert "checkbox" not in choice.text_html
        assert "<input" not in choice.text_html


def test_translation_takes_id_from_file_name() -> None:
    text = "---\ntitle: Telefon\n---\n\n## F {#q-a}\n\n= ja\n"
    bank = parse_ok(text, "quizzes/demo/telephone.de.md", translation=True)
    assert (bank.id, bank.title, bank.language) == ("telephone", "Telefon", "de")


@pytest.mark.parametrize(
    ("path", "language"),
    [("q/bank.md", "en"), ("q/bank.de.md", "de"), ("q/my.bank.md", "en")],
)
def test_language_of(path: str, language: str) -> None:
    assert language_of(path) == language


def test_windows_line_endings_and_bom() -> None:
    text = "\ufeff" + SAMPLE.replace("\n", "\r\n")
    bank, problems = parse_bank(text, PATH)
    assert problems == []
    assert bank is not None
    assert question(bank, "q-unknown-product").line == 17


def test_closing_hashes_in_heading() -> None:
    q = first(parse_ok(front() + "## Which? ## {#q-a}\n\n= x\n"))
    assert q.stem_html == "<p>Which?</p>"
