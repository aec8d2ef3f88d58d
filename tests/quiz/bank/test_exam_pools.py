"""Exam-only pools: how they are marked, and the checks that keep them secret."""

from __future__ import annotations

from typing import Any

from lms.quiz.bank.includes import resolve_includes
from lms.quiz.bank.loader import build_course_banks
from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.pool import check_exam_reserve
from tests.fixtures.content import bank
from tests.quiz.banks import front, parse_ok

QUESTIONS = "".join(
    f"## Q{n} {{#q-pool-{n}}}\n\n- [x] y\n- [ ] n\n\n" for n in range(1, 7)
)


def pool(bank_id: str, extra: str = "exam_only: true\n") -> str:
    body = QUESTIONS.replace("q-pool-", f"q-{bank_id}-")
    return front(extra, bank_id=bank_id) + body


def test_an_exam_only_bank_marks_all_its_questions() -> None:
    banks, problems = build_course_banks({"pool.md": pool("pool")}, "quizzes/c")
    assert problems == []
    assert banks["pool"].original.settings.exam_only
    assert all(q.exam_only for q in banks["pool"].original.questions())


def test_a_question_or_scenario_is_marked_with_a_class() -> None:
    text = front() + (
        "## Q {#q-a .exam-only}\n\n- [x] y\n- [ ] n\n\n"
        "## Q {#q-b .truefalse .exam-only}\n\n- [x] True\n- [ ] False\n\n"
        "## S {#s-s .scenario .exam-only}\n\nCase.\n\n### S1 {#q-s1}\n\n= x\n\n"
        "## Q {#q-c}\n\n- [x] y\n- [ ] n\n"
    )
    parsed = parse_ok(text)
    marked = {q.id: q.exam_only for q in parsed.questions()}
    assert marked == {"q-a": True, "q-b": True, "q-s1": False, "q-c": False}
    assert parsed.items[2].exam_only  # the scenario, drawn whole


def test_part_of_a_scenario_cannot_be_exam_only() -> None:
    text = front(bank_id="b") + (
        "## S {#s-s .scenario}\n\nCase.\n\n### S1 {#q-s1 .exam-only}\n\n= x\n\n"
        "### S2 {#q-s2}\n\n= y\n"
    )
    _banks, problems = build_course_banks({"b.md": text}, "quizzes/c")
    assert [(p.path, p.line) for p in problems] == [("quizzes/c/b.md", 7)]
    assert "mark the scenario heading" in problems[0].message


def test_exam_only_is_true_or_false() -> None:
    _bank, problems = parse_bank(front("exam_only: yes please\n") + QUESTIONS, "x.md")
    assert [(p.line, p.message) for p in problems] == [
        (5, "'exam_only' must be true or false, not 'yes please'")
    ]


def test_an_exam_with_exam_pools_may_not_include_a_practice_bank() -> None:
    exam = front("exam_pools: exam_only\ninclude: [pool, practice]\n", bank_id="exam")
    sources = {
        "exam.md": exam,
        "pool.md": pool("pool"),
        "practice.md": pool("practice", ""),
    }
    _banks, problems = build_course_banks(sources, "quizzes/c")
    assert [(p.path, p.line) for p in problems] == [("quizzes/c/exam.md", 6)]
    assert "bank 'practice' is a practice bank" in problems[0].message


def test_without_exam_pools_an_exam_may_include_practice_banks() -> None:
    exam = front("include: [practice]\n", bank_id="exam")
    sources = {"exam.md": exam, "practice.md": pool("practice", "")}
    _banks, problems = build_course_banks(sources, "quizzes/c")
    assert problems == []


def test_an_exam_pool_holds_three_times_its_draw_per_tag() -> None:
    sources = {
        "exam.md": front("draw: {a: 2, b: 3}\ninclude: [a, b]\n", bank_id="exam"),
        "a.md": pool("a"),
        "b.md": pool("b"),
    }
    banks, problems = build_course_banks(sources, "quizzes/c")
    assert problems == []
    exam = banks["exam"].original
    found = check_exam_reserve(exam.settings, exam.items, exam.path, 5)
    assert [(p.path, p.line) for p in found] == [("quizzes/c/exam.md", 5)]
    assert "tag 'b' has 6 questions" in found[0].message
    assert "3 x 3 = 9" in found[0].message
    resolved, _ = resolve_includes({"exam": exam})
    assert check_exam_reserve(exam.settings, exam.items, exam.path, 5)


def _problem_lines(report: Any) -> list[str]:
    assert not report.ok
    return list(report.lines)


def test_sync_refuses_an_exam_only_question_in_a_module_quiz(sync: Any) -> None:
    text = bank("basics", "Basics quiz").replace(
        "{#q-basics-angry}", "{#q-basics-angry .exam-only}"
    )
    lines = _problem_lines(sync({"quizzes/cse/basics.md": text}))
    line = (
        text.splitlines().index(
            next(t for t in text.splitlines() if "q-basics-angry" in t)
        )
        + 1
    )
    assert any(
        item.startswith(f"quizzes/cse/basics.md:{line}: q-basics-angry is marked")
        for item in lines
    ), lines


def test_sync_refuses_an_exam_only_bank_as_a_module_quiz(sync: Any) -> None:
    text = bank("basics", "Basics quiz", "exam_only: true\n")
    lines = _problem_lines(sync({"quizzes/cse/basics.md": text}))
    assert any("module" in item and "exam_only: true" in item for item in lines)


def test_sync_refuses_a_small_exam_pool(sync: Any) -> None:
    final = bank("final", "Final exam", "include: [basics, advanced]\ndraw: 3\n")
    lines = _problem_lines(sync({"quizzes/cse/final.md": final}))
    draw_line = final.splitlines().index("draw: 3") + 1
    assert any(
        item.startswith(f"quizzes/cse/final.md:{draw_line}: draw: the pool has 6")
        for item in lines
    ), lines


def test_an_exam_pool_cannot_be_the_final_exam(sync: Any) -> None:
    final = bank("final", "Final exam", "exam_only: true\n")
    lines = _problem_lines(sync({"quizzes/cse/final.md": final}))
    assert any("final exam but is marked" in item for item in lines), lines
