"""The exam pools are new cases: a learner who memorised the lessons' worked
examples and the practice quizzes meets situations they have not seen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lms.quiz.bank.loader import load_course_banks
from lms.quiz.bank.schema import Question

ROOT = Path(__file__).resolve().parents[2]
COURSE = "customer-service-essentials"
NAMED_PERSON = re.compile(r"\b(?:Ms|Mr|Mrs|Dr|Frau|Herr)\.? ([A-ZÄÖÜ][\w-]+)")
WORD = re.compile(r"[\wäöüÄÖÜß']+")
RUN = 8


def _words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)]


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _question_text(question: Question) -> str:
    parts = [question.stem_md]
    parts += [choice.text_md for choice in question.choices]
    return "\n".join(parts)


def _questions(language: str) -> tuple[list[Question], list[Question]]:
    """(practice questions, exam-pool questions) of the course in ``language``."""
    found, problems = load_course_banks(ROOT / "quizzes" / COURSE, ROOT / "quizzes")
    assert problems == []
    practice: list[Question] = []
    exam: list[Question] = []
    for bank_set in found.values():
        original = bank_set.original
        bank = (
            original
            if original.language == language
            else bank_set.by_language[language]
        )
        if original.settings.include:
            continue
        (exam if original.settings.exam_only else practice).extend(bank.questions())
    return practice, exam


def _lessons(language: str) -> list[str]:
    files = (ROOT / "courses" / COURSE).rglob("*.md")
    return [
        path.read_text(encoding="utf-8")
        for path in sorted(files)
        if path.name.endswith(".de.md") == (language == "de")
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_exam_questions_do_not_reuse_the_people_of_lessons_and_practice(
    language: str,
) -> None:
    practice, exam = _questions(language)
    taught = _lessons(language) + [_question_text(q) for q in practice]
    known = {name for text in taught for name in NAMED_PERSON.findall(text)}
    reused = {
        question.id: sorted(set(NAMED_PERSON.findall(_question_text(question))) & known)
        for question in exam
    }
    assert {qid: names for qid, names in reused.items() if names} == {}


@pytest.mark.parametrize("language", ["en", "de"])
def test_exam_questions_are_not_lesson_or_practice_text(language: str) -> None:
    """No run of eight words in an exam question's situation (its stem) comes
    from a lesson or a practice question: the exam is not the practice reworded.
    Options may quote the lessons' model phrases: recognising one is the task."""
    practice, exam = _questions(language)
    seen: set[tuple[str, ...]] = set()
    for text in _lessons(language) + [_question_text(q) for q in practice]:
        seen |= _runs(text)
    copied = {
        question.id: " ".join(sorted(_runs(question.stem_md) & seen)[0])
        for question in exam
        if _runs(question.stem_md) & seen
    }
    assert copied == {}
