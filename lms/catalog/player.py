"""The course player: a course's steps in order, with a learner's state on each.

Pure: built from the course's structure and plain data about the learner (the
lessons they completed, their quiz results, their learning path and what the
final exam's gate still requires), no app, no database. Each module gives its
lessons, then its module quiz; the final exam comes last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from lms.catalog.outline import CourseStructure, ModuleItem
from lms.content.schema import LearningPath

StepKind = Literal["lesson", "quiz", "exam"]
StepState = Literal["done", "passed", "failed", "started", "open", "locked"]
# Why the final exam is locked: lessons, module quizzes, or both are missing.
LockReason = Literal["lessons", "quizzes", "both"]
FINISHED = ("done", "passed")


class QuizResult(Protocol):
    """What counts of a person's attempts at one quiz (quiz.results.QuizStatus)."""

    @property
    def attempts(self) -> int: ...
    @property
    def percent(self) -> float | None: ...
    @property
    def passed(self) -> bool: ...
    @property
    def open(self) -> bool: ...


class GateItem(Protocol):
    """One thing the final exam's gate still requires (quiz.gate.Missing)."""

    @property
    def kind(self) -> str: ...
    @property
    def lesson_url(self) -> str | None: ...
    @property
    def bank(self) -> str | None: ...


@dataclass(frozen=True)
class Step:
    kind: StepKind
    key: str  # "lesson:<module>/<lesson>" or "quiz:<bank>"
    title: str  # the lesson's; a quiz's module title; "" for the final exam
    url: str
    module: ModuleItem | None  # None for the final exam
    state: StepState
    required: bool  # on the learner's path (else optional)
    percent: float | None = None  # a quiz's result that counts
    lock: LockReason | None = None
    instead: str | None = None  # locked: the key of the step to do first
    lesson_id: int | None = None
    minutes: int | None = None  # a lesson's estimate

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


@dataclass(frozen=True)
class Player:
    steps: tuple[Step, ...]
    current: Step | None  # the learner's real next step; None: all finished
    optional_modules: frozenset[str] = frozenset()  # not on the learner's path

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def of_module(self, slug: str) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.module and s.module.slug == slug)

    @property
    def exam(self) -> Step | None:
        return next((s for s in self.steps if s.kind == "exam"), None)

    @property
    def started(self) -> bool:
        return any(s.finished or s.state in ("failed", "started") for s in self.steps)

    @property
    def complete(self) -> bool:
        """Every required step finished."""
        return all(s.finished for s in self.steps if s.required)

    def left(self, kind: StepKind) -> int:
        """How many required steps of a kind are not finished."""
        return sum(
            1 for s in self.steps if s.required and s.kind == kind and not s.finished
        )

    def after(self, key: str) -> Step | None:
        """What "Next" leads to from a step: the following step in order (of the
        step's own module, or required); for a locked one, what to do first."""
        here = self.step(key)
        if here is None:
            return self.current
        index = self.steps.index(here)
        following = next(
            (
                s
                for s in self.steps[index + 1 :]
                if s.required or (here.module and s.module is here.module)
            ),
            None,
        )
        if following is not None and following.state == "locked":
            if following.instead == key:  # finishing this step may open it
                return following
            return self.step(following.instead or "") or self.current
        return following

    def first_open_in(self, slug: str) -> Step | None:
        """Where a module continues: its first unfinished step."""
        return next((s for s in self.of_module(slug) if not s.finished), None)


def lesson_key(module: str, lesson: str) -> str:
    return f"lesson:{module}/{lesson}"


def quiz_key(bank: str) -> str:
    return f"quiz:{bank}"


def build_player(
    structure: CourseStructure,
    completed: frozenset[int],
    quizzes: Mapping[str, QuizResult],
    path: LearningPath | None,
    gate: Sequence[GateItem],
    quiz_url: Callable[[str], str],
    *,
    last_viewed: int | None = None,
    needs: frozenset[StepKind] = frozenset({"lesson", "quiz", "exam"}),
) -> Player:
    """The learner's player of a course.

    ``gate``: what the final exam's gate still requires (empty: the exam is
    open). ``needs``: which kinds of step the course's completion rule counts
    (the others are shown, but optional). ``last_viewed``: the id of the lesson
    the learner viewed last, where "Continue" resumes when it is unfinished.
    """
    on_path = {m.slug for m in structure.path_modules(path)}
    steps: list[Step] = []
    for module in structure.modules:
        required = module.slug in on_path
        for lesson in module.lessons:
            steps.append(
                Step(
                    kind="lesson",
                    key=lesson_key(module.slug, lesson.slug),
                    title=lesson.title,
                    url=lesson.url,
                    module=module,
                    state="done" if lesson.id in completed else "open",
                    required=required and "lesson" in needs,
                    lesson_id=lesson.id,
                    minutes=lesson.minutes,
                )
            )
        if module.quiz:
            steps.append(
                _quiz_step(
                    "quiz",
                    module.quiz,
                    module.title,
                    quiz_url(module.quiz),
                    module,
                    quizzes.get(module.quiz),
                    required and "quiz" in needs,
                )
            )
    exam = path.final_exam if path is not None else structure.final_exam
    if exam:
        step = _quiz_step(
            "exam", exam, "", quiz_url(exam), None, quizzes.get(exam), "exam" in needs
        )
        if gate and not step.finished and step.state != "started":
            step = _locked(step, gate, steps)
        steps.append(step)
    optional = frozenset(m.slug for m in structure.modules if m.slug not in on_path)
    return Player(tuple(steps), _current(steps, last_viewed), optional)


def _quiz_step(
    kind: StepKind,
    bank: str,
    title: str,
    url: str,
    module: ModuleItem | None,
    result: QuizResult | None,
    required: bool,
) -> Step:
    state: StepState = "open"
    if result is not None:
        if result.passed:
            state = "passed"
        elif result.open:
            state = "started"
        elif result.attempts:
            state = "failed"
    percent = result.percent if result is not None else None
    return Step(kind, quiz_key(bank), title, url, module, state, required, percent)


def _locked(exam: Step, gate: Sequence[GateItem], steps: list[Step]) -> Step:
    kinds = {item.kind for item in gate}
    lock: LockReason = (
        "both" if len(kinds) > 1 else "lessons" if "lesson" in kinds else "quizzes"
    )
    first = gate[0]
    by_url = {s.url: s for s in steps if s.kind == "lesson"}
    if first.kind == "lesson" and first.lesson_url in by_url:
        instead: str | None = by_url[first.lesson_url or ""].key
    else:
        instead = quiz_key(first.bank) if first.bank else None
    return replace(exam, state="locked", lock=lock, instead=instead)


def _current(steps: list[Step], last_viewed: int | None) -> Step | None:
    """The learner's real next step: the lesson they were reading if unfinished,
    else the first unfinished required step after it, else the first anywhere."""
    todo = [s for s in steps if s.required and not s.finished]
    if not todo:
        return None
    start = 0
    viewed = [
        i for i, s in enumerate(steps) if last_viewed and s.lesson_id == last_viewed
    ]
    if viewed:
        if steps[viewed[0]] in todo:
            return steps[viewed[0]]
        start = viewed[0] + 1
    ordered = [s for s in steps[start:] if s in todo] + todo
    for step in ordered:
        if step.state != "locked":
            return step
    locked = ordered[0]
    return next((s for s in steps if s.key == locked.instead), locked)
