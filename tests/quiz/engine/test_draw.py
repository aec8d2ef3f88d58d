"""Drawing questions for an attempt: reproducible, per tag, scenarios whole."""

from __future__ import annotations

from collections import Counter

from lms.quiz.bank.schema import Bank
from lms.quiz.engine.draw import (
    DrawnQuestion,
    DrawnScenario,
    draw_questions,
    drawn_questions,
)
from tests.quiz.banks import SAMPLE, front, parse_ok

SEEDS = range(200)


def ids(bank: Bank, seed: int) -> list[str]:
    return [d.question.id for d in drawn_questions(draw_questions(bank, seed))]


def pool_bank(extra: str) -> Bank:
    """Five questions (two tagged a, two b, one both) and a 2-question scenario."""
    choices = "- [x] y\n- [ ] n\n- [ ] none {.pinned}\n\n"
    body = "".join(
        f'## Q{n} {{#q-{n} tags="{tags}"}}\n\n{choices}'
        for n, tags in enumerate(["a", "a", "b", "b", "a b"], start=1)
    )
    body += (
        '## S {#s-s .scenario tags="a"}\n\nCase.\n\n'
        "### S1 {#q-s1}\n\n= x\n\n### S2 {#q-s2}\n\n= y\n"
    )
    return parse_ok(front(extra) + body)


def test_same_seed_same_draw() -> None:
    bank = parse_ok(SAMPLE)
    for seed in range(20):
        assert draw_questions(bank, seed) == draw_questions(bank, seed)


def test_different_seeds_give_different_draws() -> None:
    bank = parse_ok(SAMPLE)
    assert len({tuple(ids(bank, seed)) for seed in SEEDS}) > 50


def test_draw_count_is_exact_with_scenarios_whole() -> None:
    bank = pool_bank("draw: 4\nshuffle_questions: true\n")
    seen_scenario = False
    for seed in SEEDS:
        drawn = draw_questions(bank, seed)
        assert len(drawn_questions(drawn)) == 4
        for item in drawn:
            if isinstance(item, DrawnScenario):
                seen_scenario = True
                assert [q.question.id for q in item.questions] == ["q-s1", "q-s2"]
    assert seen_scenario


def test_scenario_counts_as_its_questions_to_hit_an_odd_draw() -> None:
    text = front("draw: 3\n") + "".join(
        f"## S{n} {{#s-{n} .scenario}}\n\nCase.\n\n### A {{#q-{n}a}}\n\n= a\n\n"
        f"### B {{#q-{n}b}}\n\n= b\n\n"
        for n in range(3)
    )
    text += "## Single {#q-single}\n\n= x\n"
    bank = parse_ok(text)
    for seed in SEEDS:
        drawn = ids(bank, seed)
        assert len(drawn) == 3
        assert "q-single" in drawn


def test_per_tag_draw_never_repeats_a_question() -> None:
    bank = pool_bank("draw: {a: 3, b: 2}\n")
    for seed in SEEDS:
        drawn = ids(bank, seed)
        assert len(drawn) == 5
        assert len(set(drawn)) == 5
        tags = {q.id: q.tags for q in bank.questions()}
        tags.update({"q-s1": ("a",), "q-s2": ("a",)})
        assert sum("b" in tags[qid] for qid in drawn) >= 2


def test_draw_none_takes_all_in_file_order() -> None:
    bank = pool_bank("")
    assert ids(bank, 7) == ["q-1", "q-2", "q-3", "q-4", "q-5", "q-s1", "q-s2"]


def test_questions_shuffled_only_when_asked() -> None:
    fixed = pool_bank("draw: 5\n")
    for seed in range(20):
        drawn = ids(fixed, seed)
        file_order = [q.id for q in fixed.questions()]
        assert drawn == sorted(drawn, key=file_order.index)
    shuffled = pool_bank("shuffle_questions: true\n")
    orders = {tuple(ids(shuffled, seed)) for seed in range(20)}
    assert len(orders) > 1


def test_pinned_choices_stay_last() -> None:
    bank = pool_bank("shuffle_choices: true\n")
    orders: Counter[tuple[str, ...]] = Counter()
    for seed in SEEDS:
        for drawn in drawn_questions(draw_questions(bank, seed)):
            if drawn.question.choices:
                assert drawn.choice_order[-1] == "c3"
                orders[drawn.choice_order] += 1
    assert set(orders) == {("c1", "c2", "c3"), ("c2", "c1", "c3")}


def test_choices_keep_order_without_shuffle_and_true_false_shuffles_too() -> None:
    bank = parse_ok(SAMPLE.replace("shuffle_choices: true", "shuffle_choices: false"))
    for drawn in drawn_questions(draw_questions(bank, 3)):
        assert drawn.choice_order == tuple(c.id for c in drawn.question.choices)
    shuffled = parse_ok(SAMPLE)
    orders = set()
    for seed in range(50):
        for drawn in drawn_questions(draw_questions(shuffled, seed)):
            if drawn.question.type == "truefalse":
                orders.add(drawn.choice_order)
    # "True" first always would show where a bank's one-sided keys are.
    assert orders == {("c1", "c2"), ("c2", "c1")}


def test_ordering_items_are_shuffled_uniformly_key_order_included() -> None:
    """Never showing the key order would give it away: with two items the page
    would always show them reversed."""
    bank = parse_ok(SAMPLE.replace("draw: 6", "draw: 9"))
    orders: Counter[tuple[str, ...]] = Counter()
    for seed in range(400):
        drawn = next(
            d
            for d in drawn_questions(draw_questions(bank, seed))
            if d.question.type == "ordering"
        )
        key = tuple(item.id for item in drawn.question.items)
        assert sorted(drawn.item_order) == sorted(key)
        orders[drawn.item_order] += 1
    assert len(orders) == 24  # every order of four items, the key's too
    assert orders[key] > 0


def test_matching_right_options_are_shuffled_permutations() -> None:
    bank = parse_ok(SAMPLE.replace("draw: 6", "draw: 9"))
    orders = set()
    for seed in range(50):
        drawn = next(
            d
            for d in drawn_questions(draw_questions(bank, seed))
            if d.question.type == "matching"
        )
        assert sorted(drawn.right_order) == ["r1", "r2", "r3"]
        orders.add(drawn.right_order)
    assert len(orders) > 1


def test_drawn_questions_flattens() -> None:
    bank = pool_bank("")
    drawn = draw_questions(bank, 1)
    assert isinstance(drawn[0], DrawnQuestion)
    assert isinstance(drawn[-1], DrawnScenario)
    assert len(drawn_questions(drawn)) == 7
