"""Every problem a bank author can get, with its line number."""

from __future__ import annotations

import pytest

from tests.quiz.banks import PATH, SAMPLE, front, problems_of

# Line numbers below: front() takes lines 1-5 and a blank line 6, so the first
# question heading is on line 7.
Q = "## Question {#q-a}\n\n- [x] yes\n- [ ] no\n"


def case(body: str, extra: str = "") -> str:
    return front(extra) + body


FRONT_MATTER_CASES = [
    ("## Q {#q-a}\n\n= x\n", 1, "the file must start with front matter"),
    ("---\nid: a\n", 1, "the front matter has no closing '---' line"),
    ("---\nid: [a\n---\n" + Q, 2, "front matter is not valid YAML"),
    ("---\n- a\n---\n" + Q, 1, "front matter must be 'key: value' lines"),
    (case(Q, "pass_makr: 80\n"), 5, "unknown front matter key 'pass_makr'"),
    ("---\ntitle: T\npass_mark: 80\n---\n" + Q, 1, "front matter is missing 'id'"),
    ("---\nid: a\npass_mark: 80\n---\n" + Q, 1, "front matter is missing 'title'"),
    ("---\nid: a\ntitle: T\n---\n" + Q, 1, "front matter is missing 'pass_mark'"),
    ("---\nid: Bad Id\ntitle: T\npass_mark: 8\n---\n" + Q, 2, "'id' must be"),
    ("---\nid: a\ntitle: ''\npass_mark: 8\n---\n" + Q, 3, "'title' must be"),
    (case(Q).replace("pass_mark: 80", "pass_mark: 120"), 4, "'pass_mark' must be"),
    (case(Q, "attempts: 0\n"), 5, "'attempts' must be"),
    (case(Q, "attempts: many\n"), 5, "'attempts' must be"),
    (case(Q, "delay_minutes: -1\n"), 5, "'delay_minutes' must be"),
    (case(Q, "time_limit_minutes: 0\n"), 5, "'time_limit_minutes' must be"),
    (case(Q, "questions_per_page: -1\n"), 5, "'questions_per_page' must be"),
    (case(Q, "shuffle_questions: 1\n"), 5, "'shuffle_questions' must be true or"),
    (case(Q, "shuffle_choices: maybe\n"), 5, "'shuffle_choices' must be true or"),
    (case(Q, "grading: best\n"), 5, "'grading' must be one of highest, last"),
    (case(Q, "review: all\n"), 5, "'review' must be one of score, answers, feedback"),
    (case(Q, "review_when: never\n"), 5, "'review_when' must be one of"),
    (case(Q, "draw: 0\n"), 5, "'draw' must be"),
    (case(Q, "draw: {phone: 0}\n"), 5, "'draw' must be"),
    (case(Q, "include: final\n"), 5, "'include' must be a list of bank ids"),
]

QUESTION_CASES = [
    ("Intro text.\n\n" + Q, 7, "text before the first question belongs to no question"),
    ("# Title\n\n" + Q, 7, "level-1 heading"),
    (Q + "\n### Sub {#q-b}\n\n= x\n", 12, "level-3 heading outside a scenario"),
    ("## Q\n\n= x\n", 7, "question has no id"),
    ("## Q {#a}\n\n= x\n", 7, "question id 'a' must start with 'q-'"),
    ("## Q {#q-A_b}\n\n= x\n", 7, "question id 'q-A_b' must start with 'q-'"),
    ("## Q {#q-a .essay}\n\n= x\n", 7, "question q-a: unknown class '.essay'"),
    ("## Q {#q-a .short .numeric}\n\n= 1\n", 7, "more than one type class"),
    ("## Q {#q-a level=3}\n\n= x\n", 7, "unknown option 'level='"),
    ("## Q {#q-a #q-b}\n\n= x\n", 7, "cannot read '#q-b'"),
    ("## Q {#q-a points=0}\n\n= x\n", 7, "points must be a positive number"),
    ("## Q {#q-a points=two}\n\n= x\n", 7, "points must be a positive number"),
    ("## {#q-a}\n\n= x\n", 7, "question q-a: the stem (heading text) is empty"),
    ("## Q {#q-a}\n\nNo answers here.\n", 7, "question q-a: no answers"),
    ("## Q {#q-a .short}\n\n- [x] a\n- [ ] b\n", 7, ".short does not fit task-list"),
    ("## Q {#q-a .single}\n\n= a\n", 7, ".single does not fit '= answer' lines"),
    ("## Q {#q-a}\n\n- [ ] a\n- [ ] b\n", 7, "needs exactly one correct choice"),
    ("## Q {#q-a .truefalse}\n\n- [x] T\n", 7, "needs exactly two choices, found 1"),
    ("## Q {#q-a .truefalse}\n\n- [x] a\n- [ ] b\n- [ ] c\n", 7, "found 3"),
    ("## Q {#q-a .truefalse}\n\n- [ ] a\n- [ ] b\n", 7, "exactly one correct choice"),
    ("## Q {#q-a .multiple}\n\n- [ ] a\n- [ ] b\n", 7, "at least one correct choice"),
    ("## Q {#q-a}\n\n- [x] a\n- [ ]\n", 10, "question q-a: choice 2 is empty"),
    ("## Q {#q-a}\n\n- [x] a\n- [ ] b {weight=150}\n", 10, "from -100 to 100"),
    ("## Q {#q-a}\n\n- [x] a\n- [ ] b {weight=lots}\n", 10, "from -100 to 100"),
    ("## Q {#q-a}\n\n- [x] a {weight=50}\n- [ ] b\n", 7, "is worth 100; remove"),
    ("## Q {#q-a}\n\n- [x] a\n- [ ] b {weight=100}\n", 7, "c2 is worth 100; mark"),
    (
        "## Q {#q-a .multiple}\n\n- [x] a {weight=50}\n- [x] b\n- [ ] c\n",
        7,
        "every '[x]' choice needs a positive weight (c2 has none)",
    ),
    (
        "## Q {#q-a .multiple}\n\n- [x] a {weight=100}\n- [ ] b {weight=20}\n",
        7,
        "choice c2 has a positive weight; mark it '[x]'",
    ),
    (
        "## Q {#q-a .multiple}\n\n- [x] a {weight=50}\n- [x] b {weight=40}\n",
        7,
        "must add up to 100, not 90",
    ),
    ("## Q {#q-a .truefalse}\n\n- [x] T {weight=100}\n- [ ] F\n", 7, "take no weight"),
    (
        "## Q {#q-a}\n\n- [x] a {.sticky}\n- [ ] b\n",
        9,
        "unknown answer option '.sticky'",
    ),
    ("## Q {#q-a}\n\n- [x] a {size=2}\n- [ ] b\n", 9, "unknown answer option 'size='"),
    ("## Q {#q-a}\n\n= a {.pinned}\n", 9, "unknown answer option '.pinned'"),
    ("## Q {#q-a}\n\n= a {weight=-10}\n= b\n", 9, "weight must be from 0 to 100"),
    ("## Q {#q-a}\n\n= a {weight=50}\n", 7, "at least one answer must be worth 100"),
    ("## Q {#q-a}\n\n=\n", 9, "question q-a: empty answer after '='"),
    ("## Q {#q-a .numeric}\n\n= twelve\n", 9, "bad numeric answer '= twelve'"),
    ("## Q {#q-a}\n\n= 20..10\n", 9, "bad numeric answer '= 20..10'"),
    ("## Q {#q-a}\n\n= 12 +- x\n", 9, "bad numeric answer '= 12 +- x'"),
    ("## Q {#q-a}\n\n= 12 +- -1\n", 9, "bad numeric answer '= 12 +- -1'"),
    ("## Q {#q-a}\n\n1. only one\n", 7, "needs at least 2 items, found 1"),
    ("## Q {#q-a}\n\n1. one\n2.\n", 10, "item 2 is empty"),
    ("## Q {#q-a}\n\n- a -> b\n- -> c\n", 7, "at least 2 'left -> right' pairs"),
    ("## Q {#q-a}\n\n- a -> b\n- c ->\n", 10, "'-> right' side is empty"),
    ("## Q {#q-a}\n\n= a\n\nMore text.\n", 11, "unexpected text after the answers"),
    ("## Q {#q-a}\n\n- [x] a\n- [ ] b\n= c\n", 11, "unexpected text after the answers"),
    ("## Q {#q-a}\n\n= a\n\n> fb\n\nafter\n", 13, "unexpected text after the answers"),
    (Q + "\n" + Q, 12, "duplicate id 'q-a' (first used on line 7)"),
    ("## S {#s-a .scenario}\n\nCase.\n\n### Q {#s-a}\n\n= x\n", 11, "duplicate id"),
    (
        "## S {#x .scenario}\n\nCase.\n\n### Q {#q-b}\n\n= x\n",
        7,
        "must start with 's-'",
    ),
    ("## S {.scenario}\n\nCase.\n\n### Q {#q-b}\n\n= x\n", 7, "scenario has no id"),
    (
        "## S {#s-a .scenario}\n\n### Q {#q-b}\n\n= x\n",
        7,
        "case text under the heading",
    ),
    ("## S {#s-a .scenario}\n\nCase.\n", 7, "scenario s-a has no questions"),
    (
        "## S {#s-a .scenario .hard}\n\nCase.\n\n### Q {#q-b}\n\n= x\n",
        7,
        "unknown class '.hard' on a scenario",
    ),
    (
        "## S {#s-a .scenario points=2}\n\nCase.\n\n### Q {#q-b}\n\n= x\n",
        7,
        "unknown option 'points=' (a scenario takes tags)",
    ),
    (
        "## S {#s-a .scenario}\n\nCase.\n\n### T {#s-b .scenario}\n\nx\n",
        11,
        "a scenario cannot hold another scenario",
    ),
    ("", 1, "the bank has no questions"),
]

S2 = '## S {#s-a .scenario tags="x"}\n\nCase.\n\n### A {#q-sa}\n\n= a\n\n### B {#q-sb}\n\n= b\n\n'  # noqa: E501
T1 = '## One {#q-one tags="x y"}\n\n= a\n\n'
DRAW_CASES = [
    (case(Q, "draw: 2\n"), 5, "draw: 2 is more than the 1 questions in the pool"),
    (case(S2, "draw: 1\n"), 5, "draw: 1 cannot be met exactly because scenarios"),
    (case(Q, "draw: {x: 1}\n"), 5, "draw: tag 'x' has 0 questions, fewer than the 1"),
    (case(S2, "draw: {x: 1}\n"), 5, "1 questions tagged 'x' cannot be met exactly"),
    (case(T1, "draw: {x: 1, y: 1}\n"), 5, "asks for 2 questions in all, but only 1"),
]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    FRONT_MATTER_CASES
    + [(case(body), line, message) for body, line, message in QUESTION_CASES]
    + DRAW_CASES,
)
def test_problem_reported(text: str, line: int, message: str) -> None:
    problems = problems_of(text)
    found = [p for p in problems if message in p.message]
    assert found, "\n".join(map(str, problems))
    assert found[0].line == line
    assert found[0].path == PATH
    assert str(found[0]).startswith(f"{PATH}:{line}: ")


def test_translation_front_matter_may_only_have_title() -> None:
    text = (
        "---\ntitle: Telefon\npass_mark: 50\ncolour: red\n---\n\n## F {#q-a}\n\n= x\n"
    )
    messages = {(p.line, p.message) for p in problems_of(text, translation=True)}
    assert messages == {
        (3, "a translation may only set 'title'; 'pass_mark' comes from the original"),
        (4, "unknown front matter key 'colour' (known: title)"),
    }


def test_all_problems_in_one_pass() -> None:
    text = SAMPLE.replace("pass_mark: 80", "pass_mark: 180").replace(
        "- [x] True", "- [ ] True"
    )
    text = text.replace("{#q-rings", "{#rings").replace("= 30..40", "= 40..30")
    problems = problems_of(text)
    assert len(problems) >= 4
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_include_skips_the_draw_check() -> None:
    # The pool of a bank with includes is only known once they are resolved.
    text = case(Q, "draw: 5\ninclude: [other]\n")
    from lms.quiz.bank.parser import parse_bank

    bank, problems = parse_bank(text, PATH)
    assert problems == []
    assert bank is not None


def test_explicit_single_with_several_right_choices_accepts_any_of_them() -> None:
    # Moodle's several "=" answers: radio buttons, each right one full marks.
    from lms.quiz.bank.parser import parse_bank

    text = "---\nid: demo\ntitle: Demo\npass_mark: 80\n---\n\n"
    text += "## Q {#q-a .single}\n\n- [x] a\n- [x] b\n- [ ] c\n"
    bank, problems = parse_bank(text, "quizzes/demo/demo.md")
    assert problems == []
    assert bank is not None
    (q,) = bank.questions()
    assert q.type == "single"
    assert [c.correct for c in q.choices] == [True, True, False]
