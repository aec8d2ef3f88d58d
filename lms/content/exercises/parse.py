"""Exercise blocks in a lesson body: `/// exercise | Title` ... `/// answer` ... `///`.

Pure: the blocks are cut out of the body before Markdown is rendered and leave
a placeholder (`SLOT`) that the lesson page replaces with the exercise's form.
Problems carry the line in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lms.content.exercises.model import SLOT
from lms.content.schema import N_, Exercise, ExerciseKind

MIN_OPTIONS = 2
MAX_OPTIONS = 6
KEY_LENGTH = 80  # the column holds 100

_OPEN = re.compile(r"///\s*exercise\b(?P<rest>.*)$")
_ANSWER = re.compile(r"///\s*answer\s*$")
_CLOSE = re.compile(r"///\s*$")
_MARKER = re.compile(r"\s*///")
_OPTION = re.compile(r"\(\s*[xX*]?\s*\)\s+(?P<text>\S.*)$")
_MARKED_OPTION = re.compile(r"\(\s*[xX*]\s*\)\s+\S")
_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})")


@dataclass(frozen=True)
class ExerciseSource:
    """One exercise block as written: its Markdown, before rendering."""

    key: str
    title: str
    kind: ExerciseKind
    options: tuple[str, ...]
    prompt: str  # Markdown, without the option lines
    answer: str  # Markdown
    line: int  # of the `/// exercise` line in the file


@dataclass(frozen=True)
class SplitBody:
    """A body with every exercise replaced by a placeholder, and the exercises."""

    markdown: str
    exercises: tuple[ExerciseSource, ...]
    problems: tuple[tuple[int, str], ...]  # (line in the file, message)
    first_line: int  # the body's first line in the file


def exercise_key(title: str) -> str:
    """The stable key of an exercise: a slug of its title in the original file."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_title.decode().lower())
    return "-".join(words)[:KEY_LENGTH].strip("-")


@dataclass
class _Open:
    title: str
    line: int
    prompt: list[tuple[int, str]]
    answer: list[tuple[int, str]] | None = None
    answer_line: int = 0


class _Splitter:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.exercises: list[ExerciseSource] = []
        self.problems: list[tuple[int, str]] = []
        self.block: _Open | None = None
        self.fence: str | None = None

    def feed(self, number: int, line: str) -> None:
        if self.block is not None:
            self.inside(number, line)
        elif self.fence is not None:
            if line.lstrip().startswith(self.fence):
                self.fence = None
            self.out.append(line)
        elif fence := _FENCE.match(line.lstrip()):
            self.fence = fence.group("fence")
            self.out.append(line)
        elif _MARKER.match(line):
            self.marker_outside(number, line)
        else:
            self.out.append(line)

    def marker_outside(self, number: int, line: str) -> None:
        stripped = line.strip()
        if line != line.lstrip() and _OPEN.match(stripped):
            self.problems.append(
                (number, "'/// exercise' must start at the beginning of its line")
            )
        elif opening := _OPEN.match(line):
            rest = opening.group("rest").strip()
            title = rest[1:].strip() if rest.startswith("|") else ""
            if not title:
                self.problems.append(
                    (
                        number,
                        "'/// exercise' needs a title after '|', like "
                        "'/// exercise | Read the scene'",
                    )
                )
            self.block = _Open(title, number, [])
        elif _ANSWER.match(stripped):
            self.problems.append(
                (number, "'/// answer' outside an exercise; it belongs between "
                 "'/// exercise | Title' and '///'")
            )  # fmt: skip
        elif _CLOSE.match(stripped):
            self.problems.append(
                (number, N_("'///' closes nothing: no exercise is open here"))
            )
        else:
            self.problems.append(
                (
                    number,
                    N_(
                        "unknown block '%(block)s'; an exercise starts with "
                        "'/// exercise | Title'",
                        block=stripped[:40],
                    ),
                )
            )
            self.out.append(line)

    def inside(self, number: int, line: str) -> None:
        block = self.block
        assert block is not None  # noqa: S101 - only called with an open block
        name = _name(block.title)
        if _OPEN.match(line.strip()):
            self.problems.append(
                (
                    number,
                    N_(
                        "'/// exercise' inside %(name)s (line %(line)s): close "
                        "it with '///' before the next one starts",
                        name=name,
                        line=block.line,
                    ),
                )
            )
        elif _ANSWER.match(line):
            if block.answer is not None:
                self.problems.append(
                    (
                        number,
                        N_(
                            "%(name)s has a second '/// answer' line (the first "
                            "is on line %(line)s)",
                            name=name,
                            line=block.answer_line,
                        ),
                    )
                )
            else:
                block.answer, block.answer_line = [], number
        elif _CLOSE.match(line):
            self.close(block, number)
        elif block.answer is not None:
            block.answer.append((number, line))
        else:
            block.prompt.append((number, line))

    def close(self, block: _Open, end: int) -> None:
        self.block = None
        index = len(self.exercises)
        self.out.extend(["", SLOT.format(index=index), ""])
        name = _name(block.title)
        if block.answer is None:
            self.problems.append(
                (
                    block.line,
                    N_(
                        "%(name)s has no '/// answer' line: write the model answer "
                        "after it, before the closing '///'",
                        name=name,
                    ),
                )
            )
        elif not _text(block.answer):
            self.problems.append(
                (
                    block.answer_line,
                    N_("%(name)s has no model answer after '/// answer'", name=name),
                )
            )
        kind, options, prompt = self.prompt(block, name)
        self.exercises.append(
            ExerciseSource(
                key=exercise_key(block.title) or f"exercise-{index + 1}",
                title=block.title,
                kind=kind,
                options=options,
                prompt=prompt,
                answer=_text(block.answer or []),
                line=block.line,
            )
        )

    def prompt(
        self, block: _Open, name: str
    ) -> tuple[ExerciseKind, tuple[str, ...], str]:
        rows = [(number, line, _OPTION.match(line)) for number, line in block.prompt]
        for number, line, _match in rows:
            if _MARKED_OPTION.match(line):
                self.problems.append(
                    (
                        number,
                        N_(
                            "mark no option of %(name)s as right: write '( )' and "
                            "say in the model answer which option is best",
                            name=name,
                        ),
                    )
                )
        options = [(n, m.group("text").strip()) for n, _line, m in rows if m]
        text = _text([(n, line) for n, line, m in rows if not m])
        if not text:
            where = block.prompt[0][0] if block.prompt else block.line
            self.problems.append(
                (
                    where,
                    N_(
                        "%(name)s asks nothing: write the task before '/// answer'",
                        name=name,
                    ),
                )
            )
        if not options:
            return "text", (), text
        if len(options) < MIN_OPTIONS or len(options) > MAX_OPTIONS:
            self.problems.append(
                (
                    options[0][0],
                    N_(
                        "%(name)s has %(count)s option line(s) '( ) ...'; a "
                        "choice exercise has %(low)s to %(high)s",
                        name=name,
                        count=len(options),
                        low=MIN_OPTIONS,
                        high=MAX_OPTIONS,
                    ),
                )
            )
        first, last = options[0][0], options[-1][0]
        if last - first + 1 != len(options):
            self.problems.append(
                (
                    first,
                    N_(
                        "the options of %(name)s must stand together, one per "
                        "line, with no other line between them",
                        name=name,
                    ),
                )
            )
        return "choice", tuple(text for _n, text in options), text

    def finish(self, first_line: int) -> SplitBody:
        if self.block is not None:
            block = self.block
            name = _name(block.title)
            self.problems.append(
                (
                    block.line,
                    N_("%(name)s is not closed: end it with a line '///'", name=name),
                )
            )
            self.close(block, 0)
        seen: dict[str, ExerciseSource] = {}
        for exercise in self.exercises:
            if not exercise.title:
                continue
            earlier = seen.setdefault(exercise.key, exercise)
            if earlier is not exercise:
                self.problems.append(
                    (
                        exercise.line,
                        N_(
                            "exercise '%(title)s' has the same title as the "
                            "exercise on line %(line)s; titles must be unique "
                            "in a lesson",
                            title=exercise.title,
                            line=earlier.line,
                        ),
                    )
                )
        return SplitBody(
            markdown="\n".join(self.out) + "\n",
            exercises=tuple(self.exercises),
            problems=tuple(sorted(self.problems)),
            first_line=first_line,
        )


def _text(lines: Sequence[tuple[int, str]]) -> str:
    return "\n".join(line for _n, line in lines).strip("\n").rstrip()


def split_exercises(body: str, first_line: int = 1) -> SplitBody:
    """Cut the exercise blocks out of `body`, whose first line is `first_line`
    in its file; problems of the blocks by line in the file."""
    splitter = _Splitter()
    for number, line in enumerate(body.splitlines(), start=first_line):
        splitter.feed(number, line)
    return splitter.finish(first_line)


def match_translation(
    original: Sequence[Exercise],
    translation: Sequence[ExerciseSource],
    first_line: int = 1,
) -> tuple[tuple[ExerciseSource, ...], tuple[tuple[int, str], ...]]:
    """The translation's exercises with the original's keys, and mismatches.

    Exercises are matched by position: same number, kind and option count.
    """
    problems: list[tuple[int, str]] = []
    if len(translation) != len(original):
        extra = len(translation) > len(original)
        line = translation[len(original)].line if extra else first_line
        problems.append(
            (
                line,
                N_(
                    "the translation has %(count)s exercise(s), the original "
                    "%(original)s; give the same exercises in the same order",
                    count=len(translation),
                    original=len(original),
                ),
            )
        )
    matched = []
    for position, (mine, theirs) in enumerate(
        zip(translation, original, strict=False), start=1
    ):
        label = N_(
            "exercise %(position)s ('%(title)s')", position=position, title=mine.title
        )
        if mine.kind != theirs.kind:
            problems.append(
                (
                    mine.line,
                    N_(
                        "%(label)s is a %(kind)s exercise here but a %(other)s "
                        "exercise in the original ('%(title)s')",
                        label=label,
                        kind=mine.kind,
                        other=theirs.kind,
                        title=theirs.title,
                    ),
                )
            )
        elif len(mine.options) != len(theirs.options):
            problems.append(
                (
                    mine.line,
                    N_(
                        "%(label)s has %(count)s options here but "
                        "%(original)s in the original ('%(title)s')",
                        label=label,
                        count=len(mine.options),
                        original=len(theirs.options),
                        title=theirs.title,
                    ),
                )
            )
        matched.append(replace(mine, key=theirs.key))
    matched.extend(translation[len(original) :])
    return tuple(matched), tuple(problems)


def _name(title: str) -> str:
    """How a message names an exercise."""
    return N_("exercise '%(title)s'", title=title) if title else N_("the exercise")
