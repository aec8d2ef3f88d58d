"""The shipped course: complete in both languages, the agreed size, our own words."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from lms.content.loader import load_course
from lms.quiz.bank.loader import load_course_banks
from lms.quiz.bank.schema import Scenario
from lms.refresh.links import TopicLesson, question_lesson
from lms.sync import quiz_ids_by_course

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "courses" / "customer-service-essentials"
QUIZZES = ROOT / "quizzes" / "customer-service-essentials"
# The source documents sit next to the project (../shared/seeds); a worktree
# elsewhere points at them with LMS_SEEDS_DIR.
SEEDS = Path(os.environ.get("LMS_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
RUN = 8


@pytest.fixture(scope="module")
def course() -> object:
    doc, problems = load_course(
        COURSE, quiz_ids=quiz_ids_by_course(ROOT / "quizzes")[COURSE.name]
    )
    assert problems == []
    return doc


@pytest.fixture(scope="module")
def banks() -> dict[str, object]:
    found, problems = load_course_banks(QUIZZES, ROOT / "quizzes")
    assert problems == []
    return found  # type: ignore[return-value]


def test_eight_modules_of_two_to_four_lessons_each_with_a_quiz(course: object) -> None:
    modules = course.modules  # type: ignore[attr-defined]
    assert len(modules) == 8
    for module in modules:
        assert 2 <= len(module.lessons) <= 4, module.slug
        assert module.quiz == module.slug
        assert module.summary


def test_every_text_exists_in_german(course: object) -> None:
    assert "de" in course.texts  # type: ignore[attr-defined]
    for module in course.modules:  # type: ignore[attr-defined]
        assert "de" in module.texts, module.slug
        for lesson in module.lessons:
            assert "de" in lesson.texts, f"{module.slug}/{lesson.slug}"


def test_certificate_rules(course: object) -> None:
    assert course.certificate.validity_days == 365  # type: ignore[attr-defined]
    assert course.final_exam == "final-exam"  # type: ignore[attr-defined]


def _module_banks(banks: dict[str, object]) -> list[str]:
    return [b for b in banks if not b.startswith(("final-exam", "exam-"))]


def _exam_pools(banks: dict[str, object]) -> list[str]:
    return [b for b in banks if b.startswith("exam-")]


def test_module_banks_have_enough_varied_questions(banks: dict[str, object]) -> None:
    module_banks = _module_banks(banks)
    assert len(module_banks) == 8
    for bank_id in module_banks:
        bank = banks[bank_id].original  # type: ignore[attr-defined]
        questions = list(bank.questions())
        assert len(questions) >= 12, bank_id
        assert bank.settings.draw is not None
        assert 8 <= bank.settings.draw <= 10, bank_id
        types = {q.type for q in questions}
        assert {
            "single",
            "multiple",
            "truefalse",
            "ordering",
            "matching",
            "short",
        } <= types
        for question in questions:
            for choice in question.choices:
                assert choice.feedback_html, f"{bank_id} {question.id} {choice.id}"
    scenarios = [
        i for i in banks["scenarios"].original.items if isinstance(i, Scenario)
    ]  # type: ignore[attr-defined]
    assert len(scenarios) >= 3


def test_german_banks_match_the_originals(banks: dict[str, object]) -> None:
    for bank_id, bank_set in banks.items():
        german = bank_set.by_language.get("de")  # type: ignore[attr-defined]
        assert german is not None, bank_id
        original = [q.id for q in bank_set.original.questions()]  # type: ignore[attr-defined]
        assert [q.id for q in german.questions()] == original


def test_final_exam_draws_three_from_the_exam_pool_of_every_module(
    banks: dict[str, object],
) -> None:
    final = banks["final-exam"].original  # type: ignore[attr-defined]
    assert final.settings.pass_mark == 80
    assert final.settings.exam_pools == "exam_only"
    draw = final.settings.draw
    assert isinstance(draw, dict)
    assert sum(draw.values()) == 24
    modules = _module_banks(banks)
    assert set(draw) == {f"exam-{module}" for module in modules}
    assert set(final.settings.include) == set(draw)
    assert set(draw.values()) == {3}


def test_exam_pools_are_exam_only_and_disjoint_from_practice(
    banks: dict[str, object],
) -> None:
    pools = _exam_pools(banks)
    assert len(pools) == 8
    practice = {
        q.id
        for b in _module_banks(banks)
        for q in banks[b].original.questions()  # type: ignore[attr-defined]
    }
    for pool_id in pools:
        pool = banks[pool_id].original  # type: ignore[attr-defined]
        assert pool.settings.exam_only, pool_id
        assert len(pool.items) >= 10, pool_id
        questions = list(pool.questions())
        assert all(q.exam_only for q in questions), pool_id
        assert not practice & {q.id for q in questions}, pool_id
    final = banks["final-exam"].original  # type: ignore[attr-defined]
    assert all(q.exam_only for q in final.questions())


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORDS.findall(text)]


def _runs(words: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(len(words) - RUN + 1):
        yield tuple(words[start : start + RUN])


def test_no_eight_word_run_from_the_source_documents() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds, f"the source documents are missing in {SEEDS}"
    source_runs: set[tuple[str, ...]] = set()
    for seed in seeds:
        source_runs.update(_runs(_words(seed.read_text(encoding="utf-8"))))
    hits = []
    for path in sorted([*COURSE.rglob("*.md"), *QUIZZES.rglob("*.md")]):
        for run in _runs(_words(path.read_text(encoding="utf-8"))):
            if run in source_runs:
                hits.append(f"{path.relative_to(ROOT)}: {' '.join(run)}")
    assert hits == []


def test_the_overlap_check_would_catch_a_copied_sentence(tmp_path: Path) -> None:
    seed = next(iter(sorted(SEEDS.glob("*.txt"))))
    copied = " ".join(_words(seed.read_text(encoding="utf-8"))[100:110])
    source = set(_runs(_words(seed.read_text(encoding="utf-8"))))
    assert any(run in source for run in _runs(_words(copied)))


def test_the_core_path_is_short_and_has_its_own_final_exam(
    course: object, banks: dict[str, object]
) -> None:
    core, service = course.paths  # type: ignore[attr-defined]
    assert core.modules == ("customers-and-service", "first-impressions", "netiquette")
    lessons = [
        lesson
        for module in course.modules  # type: ignore[attr-defined]
        if module.slug in core.modules
        for lesson in module.lessons
    ]
    assert 60 <= sum(lesson.estimated_minutes for lesson in lessons) <= 90
    assert len(service.modules) == 8
    assert service.departments == ("Customer Service",)
    assert core.title("de", "en") == "Kern – für alle Mitarbeitenden"
    exam = banks["final-exam-core"].original  # type: ignore[attr-defined]
    full = banks["final-exam"].original  # type: ignore[attr-defined]
    assert exam.settings.draw == {f"exam-{module}": 4 for module in core.modules}
    assert exam.settings.time_limit_minutes == 20
    assert exam.settings.pass_mark == full.settings.pass_mark
    assert exam.settings.delay_minutes == full.settings.delay_minutes


def test_every_lesson_says_what_it_teaches_and_makes_the_learner_practise(
    course: object,
) -> None:
    """1-3 objectives and at least one exercise per lesson, in both languages,
    with choice and text exercises both in use."""
    kinds: set[str] = set()
    for module in course.modules:  # type: ignore[attr-defined]
        for lesson in module.lessons:
            where = f"{module.slug}/{lesson.slug}"
            for language in ("en", "de"):
                text = lesson.texts[language]
                assert 1 <= len(text.objectives) <= 3, (where, language)
                assert text.exercises, (where, language)
                kinds |= {exercise.kind for exercise in text.exercises}
    assert kinds == {"choice", "text"}


def test_the_course_speaks_of_one_company_through_its_facts() -> None:
    """No lesson names the fictional company or its contacts by hand: a
    deployment that sets its own facts sees no trace of the default company."""
    for path in sorted(COURSE.rglob("*.md")):
        if path.name.startswith("course."):
            continue  # where the facts are declared
        text = path.read_text(encoding="utf-8")
        assert "Northwind" not in text, path
        assert "northwind.example" not in text, path
    uses = "".join(p.read_text(encoding="utf-8") for p in COURSE.rglob("*.md"))
    for fact in ("company_name", "escalation_contact", "data_protection_contact"):
        assert "{{ " + fact + " }}" in uses, fact


def test_every_practice_question_links_back_to_a_lesson_of_its_module(
    course: object, banks: dict[str, object]
) -> None:
    """Refresher feedback links a question to the lesson its tag names (see
    lms/refresh/links.py); an untagged question would only reach the module."""
    for module in course.modules:  # type: ignore[attr-defined]
        lessons = [
            TopicLesson(module.slug, lesson.slug, 0) for lesson in module.lessons
        ]
        bank = banks[module.quiz].original  # type: ignore[attr-defined]
        questions = list(bank.questions())
        assert questions, module.quiz
        for question in questions:
            found = question_lesson(lessons, module.quiz, question.tags)
            assert found is not None, f"{module.quiz} {question.id} {question.tags}"
