"""Rendering a file's body: its Markdown and, in a lesson, its exercises."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lms.content.exercises.parse import (
    ExerciseSource,
    SplitBody,
    match_translation,
    split_exercises,
)
from lms.content.render import LinkResolver, Rendered, render_markdown
from lms.content.schema import N_, Exercise


def lesson_exercises(
    split: SplitBody,
    render: Callable[[str], str],
    original: Sequence[Exercise] | None,
) -> tuple[tuple[Exercise, ...], tuple[tuple[int, str], ...]]:
    """The rendered exercises of a split body and its problems by line.

    `original` holds the original file's exercises when `split` is a
    translation: their keys carry over by position.
    """
    sources, problems = split.exercises, split.problems
    if original is not None:
        sources, mismatches = match_translation(original, sources, split.first_line)
        problems = (*problems, *mismatches)
    return render_exercises(sources, render), problems


def render_exercises(
    exercises: Sequence[ExerciseSource], render: Callable[[str], str]
) -> tuple[Exercise, ...]:
    """Render prompt and model answer of each exercise with `render` (Markdown)."""
    return tuple(
        Exercise(
            key=source.key,
            title=source.title,
            kind=source.kind,
            options=source.options,
            prompt_html=render(source.prompt),
            answer_html=render(source.answer),
        )
        for source in exercises
    )


@dataclass(frozen=True)
class RenderedBody:
    rendered: Rendered
    exercises: tuple[Exercise, ...]
    problems: tuple[tuple[int, str], ...]  # (line in the file, message)


def render_body(
    body: str,
    first_line: int,
    resolve_link: LinkResolver,
    *,
    with_exercises: bool,
    original: Sequence[Exercise] | None,
) -> RenderedBody:
    """Render a body whose first line is `first_line` in its file; never raises.

    With `with_exercises` (lessons), exercise blocks are cut out first and
    rendered on their own; `original` is the original's exercises when the
    body is a translation's.
    """
    split = split_exercises(body, first_line) if with_exercises else None
    try:
        rendered = render_markdown(
            split.markdown if split else body, resolve_link=resolve_link
        )
        if split is None:
            return RenderedBody(rendered, (), ())
        exercises, problems = lesson_exercises(
            split,
            lambda text: render_markdown(text, resolve_link=resolve_link).html,
            original,
        )
        return RenderedBody(rendered, exercises, problems)
    except RecursionError:  # Python-Markdown recurses once per nesting level
        message = N_("lists or quotes are nested too deeply to render")
    except Exception as error:  # a renderer bug must not hide other problems
        message = N_(
            "cannot render the Markdown: %(error)s",
            error=f"{type(error).__name__}: {error}",
        )
    return RenderedBody(Rendered("", ()), (), ((first_line, message),))
