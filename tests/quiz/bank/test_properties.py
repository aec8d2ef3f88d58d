"""Property tests: scores stay in range, parsers never raise, draws replay."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.schema import Bank, Choice, OrderItem, Question
from lms.quiz.engine.draw import draw_questions, drawn_questions
from lms.quiz.engine.grading import grade_question
from lms.quiz.gift.convert import escape, export_gift, import_gift
from tests.quiz.banks import SAMPLE, parse_ok

SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "---\n", "id: x\n", "title: T\n", "pass_mark: 80\n", "draw: 2\n",
    "draw: {a: 1}\n", "include: [y]\n", "## Q {#q-a}\n", "## {#q-b .multiple}\n",
    "### Sub {#q-c}\n", '## S {#s-x .scenario tags="a"}\n', "- [x] a\n",
    "- [ ] b {.pinned}\n", "- [ ] c {weight=50}\n", "  > feedback\n", "> general\n",
    "= 12\n", "= 1..x\n", "= a\n", "1. one\n", "2. two\n", "- a -> b\n",
    "- -> c\n", "```\n", "\n", "text ", "{", "}", "#", "::", "=", "~", "->",
    "%50%", "::t::", "\\", "$CATEGORY: a/b\n", "// [id:x] [tag:y]\n", "T", "#12:1",
    "..", "\t", " ", "\r\n", "\ufeff",
]  # fmt: skip
structured_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), structured_text)


@st.composite
def multiple_questions(draw: st.DrawFn) -> tuple[Question, frozenset[str]]:
    """A multiple-response question (default or weighted) and a random pick."""
    correct = draw(st.lists(st.booleans(), min_size=1, max_size=8))
    if not any(correct):
        correct[0] = True
    weighted = draw(st.booleans())
    weights: list[float | None] = [None] * len(correct)
    if weighted:
        right = [i for i, c in enumerate(correct) if c]
        for i in right:
            weights[i] = 100 / len(right)
        for i, c in enumerate(correct):
            if not c:
                weights[i] = draw(st.one_of(st.none(), st.floats(-100, 0)))
    choices = tuple(
        Choice(f"c{i + 1}", "x", c, weight=w)
        for i, (c, w) in enumerate(zip(correct, weights, strict=True))
    )
    points = draw(st.floats(0.5, 10))
    question = Question("q-m", "multiple", "stem", points, choices=choices)
    picked = draw(st.sets(st.sampled_from([c.id for c in choices])))
    return question, frozenset(picked)


@given(multiple_questions())
def test_multiple_response_score_within_points(
    case: tuple[Question, frozenset[str]],
) -> None:
    question, picked = case
    score = grade_question(question, picked)
    assert 0 <= score.points <= question.points
    full = frozenset(c.id for c in question.choices if c.correct)
    if picked == full:
        assert score.correct


@given(st.integers(2, 12), st.randoms(use_true_random=False))
def test_ordering_correct_sequence_scores_full(size: int, rng: object) -> None:
    items = tuple(OrderItem(f"o{n}", f"item {n}") for n in range(1, size + 1))
    question = Question("q-o", "ordering", "stem", 3, items=items)
    key = [item.id for item in items]
    assert grade_question(question, key).points == 3
    shuffled = list(key)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    score = grade_question(question, shuffled)
    assert 0 <= score.points <= 3
    assert score.correct == (shuffled == key)


@SLOW
@given(any_text, st.booleans())
def test_parser_never_raises(text: str, translation: bool) -> None:
    bank, problems = parse_bank(text, "quizzes/x/x.md", translation=translation)
    assert (bank is None) == bool(problems)
    for problem in problems:
        assert problem.path == "quizzes/x/x.md"
        assert problem.line >= 1
        assert problem.message


@SLOW
@given(any_text)
def test_gift_import_never_raises_and_gives_parseable_markdown(text: str) -> None:
    markdown, problems = import_gift(text, "x.gift")
    assert all(p.line >= 1 for p in problems)
    parse_bank(markdown, "quizzes/x/x.md")


GIFT_TEXT = st.text(alphabet="abc XYZ:#=~{}\\n*_->%.12[]`<>/", min_size=1, max_size=12)


@st.composite
def gift_questions(draw: st.DrawFn) -> str:
    """One GIFT question of a random type with escaped random texts."""

    def text() -> str:
        return escape(draw(GIFT_TEXT))

    def feedback() -> str:
        return f"#{text()}" if draw(st.booleans()) else ""

    kind = draw(st.sampled_from(["mc", "ma", "tf", "sa", "num", "match"]))
    if kind == "mc":
        wrong = "".join(
            f" ~{text()}{feedback()}" for _ in range(draw(st.integers(1, 3)))
        )
        body = f"={text()}{feedback()}{wrong}"
    elif kind == "ma":
        body = f"~%50%{text()}{feedback()} ~%50%{text()} ~%-100%{text()}{feedback()}"
    elif kind == "tf":
        body = (
            draw(st.sampled_from(["T", "F", "TRUE", "FALSE"])) + feedback() + feedback()
        )
    elif kind == "sa":
        body = f"={text()}{feedback()} =%50%{text()}"
    elif kind == "num":
        body = "#" + draw(
            st.sampled_from(["12:1", "1..5", "=3.14:0.01 =%50%3:1#h", "-2"])
        )
    else:
        body = " ".join(f"={text()} -> {text()}" for _ in range(3))
    general = f"####{text()}" if draw(st.booleans()) else ""
    return f"::{text()}::{text()} {{{body}{general}}}"


@SLOW
@given(st.lists(gift_questions(), min_size=1, max_size=4))
def test_gift_round_trip_is_stable(questions: list[str]) -> None:
    markdown, _ = import_gift("\n\n".join(questions), "x.gift")
    bank, _ = parse_bank(markdown, "quizzes/x/x.md")
    if bank is not None:
        assert import_gift(export_gift(bank), "x.gift")[0] == markdown


BANK: Bank = parse_ok(SAMPLE)


@given(st.integers(-(2**63), 2**63))
def test_draw_replays_from_its_seed(seed: int) -> None:
    first = draw_questions(BANK, seed)
    assert first == draw_questions(BANK, seed)
    assert len(drawn_questions(first)) == 6
