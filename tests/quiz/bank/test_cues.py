"""The item-writing check, each rule on a planted bank and on a clean one."""

from __future__ import annotations

from lms.quiz.bank.cues import check_cues
from tests.quiz.banks import SAMPLE, front, parse_ok


def single(n: int, *, longest_right: bool) -> str:
    right = "Ask what the customer needs and note it down for the team"
    short_right = "Ask what they need"
    wrong = "Say no"
    long_wrong = "Tell the caller to phone back later when somebody knows more about it"
    key = right if longest_right else short_right
    other = wrong if longest_right else long_wrong
    return (
        f"## Situation {n}: what do you do? {{#q-single-{n}}}\n\n"
        f"- [x] {key} ({n})\n- [ ] {other} ({n})\n- [ ] Wait ({n})\n\n"
    )


def truefalse(n: int, *, true: bool) -> str:
    return (
        f"## Statement number {n} about service. {{#q-tf-{n} .truefalse}}\n\n"
        f"- [{'x' if true else ' '}] True\n- [{' ' if true else 'x'}] False\n\n"
    )


def multiple(n: int, right: int) -> str:
    options = "".join(
        f"- [{'x' if i < right else ' '}] Option {i} of item {n}\n" for i in range(5)
    )
    return f"## Which habits help, case {n}? {{#q-multi-{n} .multiple}}\n\n{options}\n"


def messages(text: str) -> list[str]:
    return [p.message for p in check_cues(parse_ok(text))]


def test_the_key_as_the_longest_option_is_reported_above_forty_percent() -> None:
    cued = front() + "".join(single(n, longest_right=n <= 3) for n in range(1, 6))
    problems = check_cues(parse_ok(cued))
    assert len(problems) == 1
    assert "longest in 3 of 5 single-choice" in problems[0].message
    assert "q-single-1, q-single-2, q-single-3" in problems[0].message
    assert problems[0].line == 7  # the first cued question, below the front matter
    assert str(problems[0]).startswith("quizzes/demo/telephone.md:7: ")

    fair = front() + "".join(single(n, longest_right=n <= 2) for n in range(1, 6))
    assert messages(fair) == []  # 2 of 5 is 40 %: not more


def test_true_false_keys_all_one_way_are_reported_from_five_items() -> None:
    one_sided = front() + "".join(truefalse(n, true=False) for n in range(1, 6))
    (message,) = messages(one_sided)
    assert "5 of 5 true/false questions are keyed False" in message

    four = front() + "".join(truefalse(n, true=False) for n in range(1, 5))
    assert messages(four) == []  # too few to judge
    balanced = front() + "".join(truefalse(n, true=n % 2 == 0) for n in range(1, 7))
    assert messages(balanced) == []


def test_german_true_false_words_count_by_their_meaning() -> None:
    text = front() + "".join(
        f"## Aussage {n} {{#q-de-{n} .truefalse}}\n\n- [ ] Falsch\n- [x] Wahr\n\n"
        for n in range(1, 6)
    )
    (message,) = messages(text)
    assert "keyed True" in message


def test_multiple_response_with_always_the_same_number_right_is_reported() -> None:
    same = front() + "".join(multiple(n, 3) for n in range(1, 4))
    (message,) = messages(same)
    assert "all 3 multiple-response questions have exactly 3 right options" in message
    varied = front() + multiple(1, 3) + multiple(2, 2) + multiple(3, 3)
    assert messages(varied) == []


def test_all_or_none_of_the_above_is_reported_at_its_question() -> None:
    text = front() + (
        "## A customer is angry. What helps? {#q-angry}\n\n"
        "- [ ] Listen\n- [ ] Apologise\n- [x] All of the above\n\n"
        "## Was hilft? {#q-hilft}\n\n"
        "- [x] Zuhören\n- [ ] Keine der genannten\n\n"
    )
    problems = check_cues(parse_ok(text))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (7, "q-angry"),
        (13, "q-hilft"),
    ]


def test_duplicate_options_and_stems_are_reported() -> None:
    text = front() + (
        "## What do you say? {#q-one}\n\n- [x] Hello\n- [ ] *Hello*\n\n"
        "## What do you say? {#q-two}\n\n- [x] Good morning\n- [ ] Bye\n\n"
    )
    problems = check_cues(parse_ok(text))
    assert [p.message for p in problems] == [
        "q-one: the option 'hello' appears 2 times",
        "q-two: the same question text as q-one (line 7)",
    ]


def test_a_phrase_with_one_spelling_only_is_reported_but_a_word_is_not() -> None:
    text = front() + (
        "## What is the word for good manners online? {#q-word .short}\n\n"
        "= netiquette\n\n"
        "## What do you do first with an angry caller? {#q-phrase .short}\n\n"
        "= calm them down\n\n"
        "## What do you do next? {#q-phrases .short}\n\n"
        "= listen to them\n= let them talk\n\n"
    )
    (problem,) = check_cues(parse_ok(text))
    assert problem.message.startswith("q-phrase: the phrase 'calm them down'")


def test_the_sample_bank_has_only_its_pinned_none_of_these() -> None:
    (problem,) = check_cues(parse_ok(SAMPLE))
    assert problem.message.startswith("q-unknown-product: an option reads 'none of")
