"""Statistics leave exam-only questions out, except for the exam's authors."""

from __future__ import annotations

from typing import Any

from lms.quiz.results import bank_statistics
from tests.fixtures.content import bank


def test_exam_only_questions_only_in_authors_statistics(sync: Any, db: Any) -> None:
    report = sync(
        {
            "quizzes/cse/pool.md": bank("pool", "Exam pool", "exam_only: true\n"),
            "quizzes/cse/final.md": bank(
                "final", "Final exam", "include: [basics, pool]\n"
            ),
        }
    )
    assert report.ok, report.lines
    _quiz, hidden = bank_statistics(db, "cse", "final")
    _quiz, shown = bank_statistics(db, "cse", "final", show_exam_only=True)
    assert "q-pool-angry" not in {s.question_id for s in hidden}
    assert "q-final-angry" in {s.question_id for s in hidden}
    assert "q-pool-angry" in {s.question_id for s in shown}
