"""`refresher:` in course.md: the real course's lexicon drill in both languages,
and pool problems reported with path:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lms.content.loader import load_content
from lms.quiz.engine.grading import grade_question
from lms.refresh.questions import lexicon_question
from lms.sync import check_all, quiz_ids_by_course
from tests.fixtures.content import bank
from tests.refresh.helpers import REFRESHER, course_with_refresher

ROOT = Path(__file__).resolve().parents[2]


def _real_spec() -> Any:
    courses, problems = load_content(
        ROOT / "courses", quiz_ids_by_course=quiz_ids_by_course(ROOT / "quizzes")
    )
    assert problems == []
    return courses[0].refresher


def test_the_real_course_checks_clean_and_has_the_lexicon() -> None:
    assert check_all(ROOT / "courses", ROOT / "quizzes").problems == []
    spec = _real_spec()
    assert spec.questions == 4
    assert "final-exam" not in spec.pools
    assert len(spec.lexicon) == 7
    first = spec.lexicon[0]
    assert first.unwanted == {
        "en": "That's not my department.",
        "de": "Dafür bin ich nicht zuständig.",
    }
    assert first.wanted["de"].startswith("Ich finde die richtige Ansprechperson")


@pytest.mark.parametrize(
    ("language", "right"),
    [("en", "Let me find out for you."), ("de", "Das finde ich gern für Sie heraus.")],
)
def test_lexicon_drill_in_both_languages(language: str, right: str) -> None:
    spec = _real_spec()
    question = lexicon_question(spec.lexicon, 1, language, "en", lambda s: s)
    assert question.stem_html == "<p>Which reply would you send?</p>"
    correct = [c for c in question.choices if c.correct]
    assert len(correct) == 1
    assert right in correct[0].text_html
    assert len(question.choices) == 3
    assert grade_question(question, correct[0].id).correct
    wrong = next(c for c in question.choices if not c.correct)
    assert not grade_question(question, wrong.id).correct


def _problems(
    tmp_path: Path, refresher: str, extra: dict[str, str] | None = None
) -> list[str]:
    from tests.content.course_tree import COURSE, write_tree
    from tests.fixtures.content import QUIZZES

    write_tree(
        tmp_path,
        {**COURSE, **QUIZZES, **course_with_refresher(refresher), **(extra or {})},
    )
    report = check_all(tmp_path / "courses", tmp_path / "quizzes")
    return [str(p) for p in report.problems]


def test_the_test_course_is_clean(tmp_path: Path) -> None:
    assert _problems(tmp_path, REFRESHER) == []


@pytest.mark.parametrize(
    ("pools", "message"),
    [
        ("[basics, final]", "refresher pool 'final' is an exam pool"),
        ("[basics, nope]", "refresher pool 'nope' is not a bank of this course"),
        ("[basics, extra, pool]", "refresher pool 'pool' is an exam pool"),
        ("[basics]", "the refresher's pools hold 2 questions, fewer than 6"),
    ],
)
def test_pool_problems_point_at_the_line(
    tmp_path: Path, pools: str, message: str
) -> None:
    refresher = REFRESHER.replace("[basics, advanced, extra]", pools)
    exam_pool = {"quizzes/cse/pool.md": bank("pool", "Exam pool", "exam_only: true\n")}
    found = _problems(tmp_path, refresher, exam_pool)
    assert any(
        f.startswith("courses/cse/course.md:12: ") and message in f for f in found
    ), found


def test_questions_out_of_range(tmp_path: Path) -> None:
    found = _problems(tmp_path, REFRESHER.replace("questions: 3", "questions: 9"))
    assert any("'refresher.questions' must be 3 to 5" in f for f in found), found
