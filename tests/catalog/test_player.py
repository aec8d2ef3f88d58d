"""The course player's sequencing (lms.catalog.player) on plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass

from lms.catalog.outline import CourseStructure, LessonItem, ModuleItem
from lms.catalog.player import build_player, lesson_key, quiz_key
from lms.content.schema import LearningPath


@dataclass(frozen=True)
class Result:
    attempts: int = 1
    percent: float | None = 100.0
    passed: bool = True
    open: bool = False


@dataclass(frozen=True)
class Gap:
    kind: str
    lesson_url: str | None = None
    bank: str | None = None


def _module(slug: str, lessons: list[tuple[int, str]], quiz: str | None) -> ModuleItem:
    return ModuleItem(
        slug=slug,
        title=slug.title(),
        summary="",
        intro_html="",
        quiz=quiz,
        url=f"/c/{slug}",
        lessons=tuple(
            LessonItem(lid, name, name.title(), 5, f"/c/{slug}/{name}", True)
            for lid, name in lessons
        ),
    )


COURSE = CourseStructure(
    id=1,
    slug="c",
    language="en",
    reader_language="en",
    title="C",
    summary="",
    intro_html="",
    translated=True,
    estimated_minutes=30,
    final_exam="final",
    url="/c",
    modules=(
        _module("one", [(1, "a"), (2, "b")], "q1"),
        _module("two", [(3, "c")], "q2"),
        _module("three", [(4, "d")], None),
    ),
)
CORE = LearningPath(
    id="core", titles={"en": "Core"}, modules=("one", "three"), final_exam="final"
)


def _quiz_url(bank: str) -> str:
    return f"/c/quiz/{bank}"


def _player(completed=(), quizzes=None, path=None, gate=(), last=None):  # type: ignore[no-untyped-def]
    return build_player(
        COURSE,
        frozenset(completed),
        quizzes or {},
        path,
        gate,
        _quiz_url,
        last_viewed=last,
    )


def test_steps_are_each_modules_lessons_then_its_quiz_then_the_final_exam() -> None:
    player = _player()
    assert [s.key for s in player.steps] == [
        "lesson:one/a",
        "lesson:one/b",
        "quiz:q1",
        "lesson:two/c",
        "quiz:q2",
        "lesson:three/d",
        "quiz:final",
    ]
    assert [s.url for s in player.steps][2] == "/c/quiz/q1"
    assert player.exam is not None
    assert player.exam.kind == "exam"


def test_next_leads_lesson_to_lesson_to_module_quiz_to_next_module() -> None:
    player = _player()
    after = {s.key: (player.after(s.key) or s).key for s in player.steps[:-1]}
    assert after == {
        "lesson:one/a": "lesson:one/b",
        "lesson:one/b": "quiz:q1",
        "quiz:q1": "lesson:two/c",
        "lesson:two/c": "quiz:q2",
        "quiz:q2": "lesson:three/d",
        "lesson:three/d": "quiz:final",
    }
    assert player.after("quiz:final") is None


def test_states_in_words_done_passed_failed_started_open() -> None:
    player = _player(
        completed=[1],
        quizzes={
            "q1": Result(percent=40.0, passed=False),
            "q2": Result(percent=90.0),
            "final": Result(attempts=1, percent=None, passed=False, open=True),
        },
    )
    states = {s.key: (s.state, s.percent) for s in player.steps}
    assert states["lesson:one/a"] == ("done", None)
    assert states["lesson:one/b"] == ("open", None)
    assert states["quiz:q1"] == ("failed", 40.0)
    assert states["quiz:q2"] == ("passed", 90.0)
    assert states["quiz:final"] == ("started", None)


def test_the_gate_locks_the_exam_and_names_what_to_do_instead() -> None:
    lessons = _player(
        gate=[Gap("lesson", lesson_url="/c/one/b"), Gap("quiz", bank="q1")]
    )
    exam = lessons.exam
    assert exam is not None
    assert (exam.state, exam.lock, exam.instead) == ("locked", "both", "lesson:one/b")
    quizzes = _player(completed=[1, 2, 3, 4], gate=[Gap("quiz", bank="q2")])
    assert quizzes.exam is not None
    assert (quizzes.exam.lock, quizzes.exam.instead) == ("quizzes", "quiz:q2")
    # "Next" never leads into a locked step: it leads to what opens it.
    assert quizzes.after("lesson:three/d") == quizzes.step("quiz:q2")


def test_the_last_missing_step_leads_to_the_exam_it_opens() -> None:
    player = _player(
        completed=[1, 2, 3],
        quizzes={"q1": Result(), "q2": Result()},
        gate=[Gap("lesson", lesson_url="/c/three/d")],
    )
    assert player.exam is not None
    assert player.exam.instead == "lesson:three/d"
    assert player.after("lesson:three/d") == player.exam


def test_a_path_makes_other_modules_optional_and_next_skips_them() -> None:
    player = _player(path=CORE)
    assert player.optional_modules == frozenset({"two"})
    assert [s.key for s in player.steps if not s.required] == [
        "lesson:two/c",
        "quiz:q2",
    ]
    after_q1 = player.after("quiz:q1")
    assert after_q1 is not None
    assert after_q1.key == "lesson:three/d"
    # Inside an optional module, Next goes on within it, then back to the path.
    after_c = player.after("lesson:two/c")
    assert after_c is not None
    assert after_c.key == "quiz:q2"
    after_q2 = player.after("quiz:q2")
    assert after_q2 is not None
    assert after_q2.key == "lesson:three/d"
    assert player.left("lesson") == 3
    assert player.left("quiz") == 1


def test_current_step_resumes_the_unfinished_lesson_else_goes_on_in_order() -> None:
    assert _player().current == _player().steps[0]
    assert not _player().started
    reading = _player(completed=[1], last=3)
    assert reading.current is not None
    assert reading.current.key == lesson_key("two", "c")
    # All lessons read, no quiz: the first quiz, never the locked exam.
    read = _player(
        completed=[1, 2, 3, 4],
        last=4,
        gate=[Gap("quiz", bank="q1"), Gap("quiz", bank="q2")],
    )
    assert read.current is not None
    assert read.current.key == quiz_key("q1")
    assert (read.left("lesson"), read.left("quiz"), read.left("exam")) == (0, 2, 1)


def test_everything_finished_is_complete_with_no_current_step() -> None:
    player = _player(
        completed=[1, 2, 3, 4],
        quizzes={"q1": Result(), "q2": Result(), "final": Result()},
    )
    assert player.complete
    assert player.current is None
    on_path = _player(
        completed=[1, 2, 4], quizzes={"q1": Result(), "final": Result()}, path=CORE
    )
    assert on_path.complete  # the optional module is not needed


def test_a_course_whose_rule_does_not_need_quizzes_does_not_wait_for_them() -> None:
    player = build_player(
        COURSE,
        frozenset({1, 2, 3, 4}),
        {"final": Result()},
        None,
        (),
        _quiz_url,
        needs=frozenset({"lesson", "exam"}),
    )
    assert player.complete
    assert player.step("quiz:q1") is not None
