"""Unseen-first draws: seen questions only when the unseen run out; reproducible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lms.quiz.bank.schema import Bank
from lms.quiz.engine.draw import draw_questions, drawn_questions
from tests.quiz.banks import front, parse_ok


def ids(bank: Bank, seed: int, seen: frozenset[str] = frozenset()) -> list[str]:
    return [d.question.id for d in drawn_questions(draw_questions(bank, seed, seen))]


def tagged_bank(per_tag: int, draw: int) -> Bank:
    body = "".join(
        f'## Q {tag}{n} {{#q-{tag}{n} tags="{tag}"}}\n\n- [x] y\n- [ ] n\n\n'
        for tag in ("a", "b")
        for n in range(per_tag)
    )
    return parse_ok(front(f"draw: {{a: {draw}, b: {draw}}}\n") + body)


SCENARIO_BANK = (
    "## Q1 {#q-1}\n\n= x\n\n## Q2 {#q-2}\n\n= x\n\n## Q3 {#q-3}\n\n= x\n\n"
    "## S {#s-s .scenario}\n\nCase.\n\n### S1 {#q-s1}\n\n= x\n\n"
    "### S2 {#q-s2}\n\n= y\n"
)


def test_without_seen_ids_the_draw_is_unchanged() -> None:
    bank = tagged_bank(6, 2)
    for seed in range(30):
        assert draw_questions(bank, seed) == draw_questions(bank, seed, frozenset())


@given(st.integers(0, 2**31 - 1), st.sets(st.integers(0, 11)))
def test_seen_questions_only_when_the_unseen_run_out(
    seed: int, seen_numbers: set[int]
) -> None:
    bank = tagged_bank(6, 2)
    every = [q.id for q in bank.questions()]
    seen = frozenset(every[n] for n in seen_numbers)
    drawn = ids(bank, seed, seen)
    assert ids(bank, seed, seen) == drawn  # reproducible from seed and seen
    for tag in ("a", "b"):
        mine = [qid for qid in drawn if qid.startswith(f"q-{tag}")]
        unseen = [q for q in every if q.startswith(f"q-{tag}") and q not in seen]
        assert len(mine) == 2
        assert sum(qid not in seen for qid in mine) == min(2, len(unseen))


def test_successive_draws_cover_the_pool_before_repeating() -> None:
    bank = tagged_bank(6, 2)
    seen: set[str] = set()
    for seed in (11, 12, 13):
        drawn = ids(bank, seed, frozenset(seen))
        assert not seen & set(drawn)
        seen.update(drawn)
    assert len(seen) == 12
    assert len(ids(bank, 14, frozenset(seen))) == 4  # then seen ones again


def test_a_scenario_counts_as_seen_if_any_of_it_was() -> None:
    bank = parse_ok(front("draw: 3\n") + SCENARIO_BANK)
    for seed in range(40):
        drawn = ids(bank, seed, frozenset({"q-s2"}))
        assert sorted(drawn) == ["q-1", "q-2", "q-3"]


def test_an_exact_draw_still_takes_seen_questions_to_make_up_the_count() -> None:
    bank = parse_ok(front("draw: 4\n") + SCENARIO_BANK)
    for seed in range(40):
        drawn = ids(bank, seed, frozenset({"q-1", "q-2", "q-3"}))
        assert len(drawn) == 4
        assert {"q-s1", "q-s2"} <= set(drawn)
