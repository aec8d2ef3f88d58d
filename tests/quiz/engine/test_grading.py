"""Grading every question type, partial credit, clamping and invalid input."""

from __future__ import annotations

import pytest

from lms.quiz.bank.schema import Question
from lms.quiz.bank.types import QUESTION_TYPES
from lms.quiz.engine.draw import draw_questions
from lms.quiz.engine.grading import (
    GRADERS,
    InvalidResponse,
    Response,
    Score,
    grade_attempt,
    grade_question,
    parse_number,
)
from tests.quiz.banks import SAMPLE, first, front, parse_ok, question

BANK = parse_ok(SAMPLE)


def make(body: str) -> Question:
    return first(parse_ok(front() + body))


def grade(qid: str, response: Response) -> Score:
    return grade_question(question(BANK, qid), response)


def test_one_grader_per_type() -> None:
    assert set(GRADERS) == set(QUESTION_TYPES)


@pytest.mark.parametrize(
    ("response", "points", "correct"),
    [("c2", 1, True), ("c1", 0, False), ("c4", 0, False), (None, 0, False),
     ("", 0, False), ({"c2"}, 1, True), (frozenset(), 0, False)],
)  # fmt: skip
def test_single(response: Response, points: float, correct: bool) -> None:
    assert grade("q-unknown-product", response) == Score(points, 1, correct)


def test_single_partial_weight() -> None:
    q = make("## Q {#q-w}\n\n- [x] a\n- [ ] b {weight=50}\n- [ ] c {weight=-20}\n")
    assert grade_question(q, "c2") == Score(0.5, 1, False)
    assert grade_question(q, "c3") == Score(0, 1, False)


@pytest.mark.parametrize("response", ["c9", {"c1", "c2"}, ["c1", "c2"], {"m1": "r1"}])
def test_single_invalid(response: Response) -> None:
    with pytest.raises(InvalidResponse):
        grade("q-unknown-product", response)


@pytest.mark.parametrize(
    ("response", "points"), [("c1", 1), ("c2", 0), (None, 0)]
)  # fmt: skip
def test_true_false(response: Response, points: float) -> None:
    assert grade("q-smile", response).points == points


@pytest.mark.parametrize(
    ("picked", "points", "correct"),
    [
        ({"c1", "c2"}, 2, True),
        ({"c1"}, 1, False),
        ({"c1", "c2", "c3"}, 1, False),
        ({"c1", "c3"}, 0, False),
        ({"c3", "c4"}, 0, False),  # clamped at 0, not -2
        ({"c1", "c2", "c3", "c4"}, 0, False),
        (set(), 0, False),
        (None, 0, False),
        (["c1", "c2", "c2"], 2, True),
    ],
)
def test_multiple_partial_credit(
    picked: Response, points: float, correct: bool
) -> None:
    assert grade("q-habits", picked) == Score(points, 2, correct)


def test_multiple_with_weights() -> None:
    q = make(
        "## Q {#q-w .multiple points=4}\n\n- [x] a {weight=75}\n- [x] b {weight=25}\n"
        "- [ ] c {weight=-50}\n- [ ] d\n"
    )
    assert grade_question(q, {"c1"}) == Score(3, 4, False)
    assert grade_question(q, {"c1", "c2"}) == Score(4, 4, True)
    assert grade_question(q, {"c1", "c2", "c4"}) == Score(4, 4, True)
    assert grade_question(q, {"c2", "c3"}) == Score(0, 4, False)
    assert grade_question(q, {"c1", "c3"}) == Score(1, 4, False)


@pytest.mark.parametrize("response", [{"c1", "c9"}, "c1", {"c1": "c2"}])
def test_multiple_invalid(response: Response) -> None:
    with pytest.raises(InvalidResponse):
        grade("q-habits", response)


@pytest.mark.parametrize(
    ("response", "points"),
    [
        ("thank you", 1),
        ("  Thank   YOU ", 1),
        ("THANKS", 1),
        ("ｔｈａｎｋｓ", 1),  # full-width letters, NFKC
        ("thank\tyou", 1),
        ("thank", 0),
        ("", 0),
        (None, 0),
    ],
)
def test_short(response: Response, points: float) -> None:
    assert grade("q-last-word", response).points == points


def test_short_casefold_and_weights() -> None:
    q = make("## Q {#q-s .short}\n\n= Straße\n= road {weight=50}\n")
    assert grade_question(q, "STRASSE") == Score(1, 1, True)
    assert grade_question(q, "Road") == Score(0.5, 1, False)


def test_short_invalid() -> None:
    with pytest.raises(InvalidResponse):
        grade("q-last-word", {"thanks"})


@pytest.mark.parametrize(
    ("response", "points"),
    [
        ("10", 1), ("5", 1), ("15", 1), ("4.99", 0), ("15.01", 0), ("12,5", 1),
        (" 35 ", 1), ("40", 1), ("41", 0), ("−", 0), ("ten", 0), ("", 0),
        ("1e1", 1), ("nan", 0), ("inf", 0), (None, 0),
    ],
)  # fmt: skip
def test_numeric(response: Response, points: float) -> None:
    assert grade("q-rings", response).points == points


def test_numeric_float_edges_and_weights() -> None:
    q = make("## Q {#q-n}\n\n= 0.3\n= 0.1..0.2 {weight=50}\n")
    assert grade_question(q, str(0.1 + 0.2)) == Score(1, 1, True)
    assert grade_question(q, "0,15") == Score(0.5, 1, False)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,5", 12.5), ("-3", -3.0), ("+4.", 4.0), ("\u22122", -2.0), ("１２", 12.0),
     ("1,000.5", None), ("1.2.3", None), ("", None), ("1e999", None)],
)  # fmt: skip
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("order", "points"),
    [
        (["o1", "o2", "o3", "o4"], 1),
        (("o4", "o3", "o2", "o1"), 0),
        (["o2", "o3", "o4", "o1"], 2 / 3),
        (["o2", "o3", "o1", "o4"], 1 / 3),
        (["o1", "o2", "o4", "o3"], 1 / 3),
        ([], 0),
        (None, 0),
    ],
)
def test_ordering_adjacent_pairs(order: Response, points: float) -> None:
    assert grade("q-call-steps", order).points == pytest.approx(points, abs=1e-6)


@pytest.mark.parametrize(
    "order",
    [["o1", "o2", "o3"], ["o1", "o2", "o3", "o3"], ["o1", "o2", "o3", "o9"], "o1o2",
     {"o1", "o2", "o3", "o4"}],
)  # fmt: skip
def test_ordering_invalid(order: Response) -> None:
    with pytest.raises(InvalidResponse):
        grade("q-call-steps", order)


@pytest.mark.parametrize(
    ("matches", "points"),
    [
        ({"m1": "r1", "m2": "r2"}, 1),
        ({"m1": "r1", "m2": "r3"}, 0.5),
        ({"m1": "r2", "m2": "r1"}, 0),
        ({"m1": "r1"}, 0.5),
        ({"m1": "r1", "m2": ""}, 0.5),
        ({}, 0),
        (None, 0),
    ],
)
def test_matching(matches: Response, points: float) -> None:
    assert grade("q-channels", matches).points == points


@pytest.mark.parametrize(
    "matches", [{"m3": "r1"}, {"m1": "r9"}, ["r1", "r2"], "m1=r1"]
)  # fmt: skip
def test_matching_invalid(matches: Response) -> None:
    with pytest.raises(InvalidResponse):
        grade("q-channels", matches)


def test_matching_shared_right_option() -> None:
    q = make("## Match {#q-m}\n\n- cat -> animal\n- dog -> animal\n- oak -> plant\n")
    assert grade_question(q, {"m1": "r1", "m2": "r1", "m3": "r2"}).correct


def test_grade_attempt_over_drawn_items() -> None:
    bank = parse_ok(SAMPLE.replace("draw: 6", "draw: 9"))
    drawn = draw_questions(bank, 42)
    responses: dict[str, Response] = {
        "q-unknown-product": "c2",  # 1 of 1
        "q-habits": {"c1"},  # 1 of 2
        "q-smile": "c2",  # 0 of 1
        "q-rings": "12",  # 1 of 1
        "q-call-steps": ["o1", "o2", "o3", "o4"],  # 1 of 1
        "q-angry-first": "c1",  # 1 of 1
    }
    points, max_points, percent = grade_attempt(drawn, responses)
    assert (points, max_points) == (5, 10)
    assert percent == 50


def test_grade_attempt_accepts_questions_and_scenarios() -> None:
    assert grade_attempt(list(BANK.items), {}) == (0, 10, 0)
    assert grade_attempt([], {}) == (0, 0, 0)


def test_grade_attempt_percent_has_no_float_noise() -> None:
    q = make("## Q {#q-t .multiple}\n\n- [x] a\n- [x] b\n- [x] c\n- [ ] d\n")
    points, max_points, percent = grade_attempt([q, q, q], {"q-t": {"c1"}})
    assert (points, max_points, percent) == (1, 3, 33.3333)
