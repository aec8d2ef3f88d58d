"""Final exams: `include:` pulls other banks' questions into the pool."""

from __future__ import annotations

from lms.quiz.bank.includes import resolve_includes
from lms.quiz.bank.schema import Bank, Scenario
from tests.quiz.banks import front, parse_ok, simple_bank


def bank(text: str, bank_id: str) -> Bank:
    return parse_ok(text, f"quizzes/demo/{bank_id}.md")


def exam(include: str, draw: str = "", bank_id: str = "final") -> Bank:
    extra = f"include: {include}\n" + (f"draw: {draw}\n" if draw else "")
    return bank(front(extra, bank_id=bank_id), bank_id)


def module(bank_id: str, count: int = 2, tags: str = "") -> Bank:
    return bank(simple_bank(count, tags=tags, bank_id=bank_id), bank_id)


def test_included_questions_join_the_pool_tagged_with_their_bank() -> None:
    banks = {
        "phone": module("phone", 2, tags="basics"),
        "email": module("email", 3),
        "final": exam("[phone, email]", "{phone: 1, email: 2}"),
    }
    resolved, problems = resolve_includes(banks)
    assert problems == []
    final = resolved["final"]
    assert [item.id for item in final.items] == [
        "q-phone-1", "q-phone-2", "q-email-1", "q-email-2", "q-email-3",
    ]  # fmt: skip
    assert final.items[0].tags == ("basics", "phone")
    assert final.items[2].tags == ("email",)
    assert resolved["phone"] == banks["phone"]
    assert final.settings == banks["final"].settings


def test_own_questions_stay_and_includes_are_transitive() -> None:
    middle = simple_bank(1, bank_id="middle", extra="include: [leaf]\n")
    banks = {
        "leaf": module("leaf", 1),
        "middle": bank(middle, "middle"),
        "top": exam("[middle]"),
    }
    resolved, problems = resolve_includes(banks)
    assert problems == []
    top = resolved["top"]
    assert [(i.id, i.tags) for i in top.items] == [
        ("q-middle-1", ("middle",)),
        ("q-leaf-1", ("leaf", "middle")),
    ]


def test_scenario_is_tagged_as_a_whole() -> None:
    text = front() + (
        "## S {#s-case .scenario}\n\nCase.\n\n"
        "### A {#q-a}\n\n= a\n\n### B {#q-b}\n\n= b\n"
    )
    banks = {"cases": bank(text.replace("id: demo", "id: cases"), "cases")}
    banks["final"] = exam("[cases]", "{cases: 2}")
    resolved, problems = resolve_includes(banks)
    assert problems == []
    scenario = resolved["final"].items[0]
    assert isinstance(scenario, Scenario)
    assert scenario.tags == ("cases",)
    assert scenario.questions[0].tags == ("cases",)


def test_diamond_includes_count_once() -> None:
    banks = {
        "base": module("base", 1),
        "a": bank(simple_bank(1, bank_id="a", extra="include: [base]\n"), "a"),
        "b": bank(simple_bank(1, bank_id="b", extra="include: [base]\n"), "b"),
        "top": exam("[a, b]"),
    }
    resolved, problems = resolve_includes(banks)
    assert problems == []
    ids = [i.id for i in resolved["top"].items]
    assert ids == ["q-a-1", "q-base-1", "q-b-1"]


def test_unknown_include() -> None:
    banks = {"final": exam("[nowhere]")}
    _, problems = resolve_includes(banks)
    assert [str(p) for p in problems] == [
        "quizzes/demo/final.md:5: include: there is no bank 'nowhere' in this course",
        "quizzes/demo/final.md:1: the bank has no questions, even with its "
        "included banks",
    ]


def test_include_cycle() -> None:
    banks = {
        "a": bank(simple_bank(1, bank_id="a", extra="include: [b]\n"), "a"),
        "b": bank(simple_bank(1, bank_id="b", extra="include: [a]\n"), "b"),
        "c": bank(simple_bank(1, bank_id="c", extra="include: [c]\n"), "c"),
    }
    _, problems = resolve_includes(banks)
    messages = sorted(p.message for p in problems)
    assert messages == [
        "include: banks include each other in a cycle: a -> b -> a",
        "include: banks include each other in a cycle: c -> c",
    ]


def test_duplicate_ids_across_included_banks() -> None:
    one = simple_bank(1, bank_id="one")
    other = one.replace("id: one", "id: other")
    banks = {
        "one": bank(one, "one"),
        "other": bank(other, "other"),
        "final": exam("[one, other]"),
    }
    _, problems = resolve_includes(banks)
    assert [p.message for p in problems] == [
        "include: id 'q-one-1' is in both bank 'one' and bank 'other'; ids must be "
        "unique across included banks"
    ]
    assert problems[0].path == "quizzes/demo/final.md"


def test_draw_checked_against_the_resolved_pool() -> None:
    banks = {
        "phone": module("phone", 2),
        "final": exam("[phone]", "{phone: 3}"),
    }
    _, problems = resolve_includes(banks)
    assert [str(p) for p in problems] == [
        "quizzes/demo/final.md:6: draw: tag 'phone' has 2 questions, fewer than "
        "the 3 to draw"
    ]
