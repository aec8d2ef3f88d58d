"""Which learning path of a course a person takes, and which certificate covers
which path: pure functions over the paths of course.md (no app, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lms.content.rules.paths import load_paths
from lms.content.schema import LearningPath


@lru_cache(maxsize=64)
def parse_paths(paths_json: str) -> tuple[LearningPath, ...]:
    """A course row's ``paths_json``; () for a course without paths."""
    return load_paths(paths_json)


def by_id(paths: Sequence[LearningPath], path_id: str | None) -> LearningPath | None:
    return next((path for path in paths if path.id == path_id), None)


def department_path(
    paths: Sequence[LearningPath], department: str | None
) -> LearningPath | None:
    """The first path listing the department (any case), else the first path."""
    if not paths:
        return None
    if department:
        wanted = department.strip().casefold()
        for path in paths:
            if any(name.casefold() == wanted for name in path.departments):
                return path
    return paths[0]


def resolve_path(
    paths: Sequence[LearningPath],
    department: str | None,
    choices: Sequence[str | None] = (),
) -> LearningPath | None:
    """A person's path: what HR chose in each assignment of the course (None, or
    a path the course no longer has: by department); the longest of several
    (most modules, then the earlier path). None: the course has no paths.
    """
    if not paths:
        return None
    fallback = department_path(paths, department)
    resolved = [by_id(paths, choice) or fallback for choice in choices or (None,)]
    return max(
        (path for path in resolved if path is not None),
        key=lambda path: (len(path.modules), -paths.index(path)),
        default=fallback,
    )


def longer_choice(
    paths: Sequence[LearningPath],
    department: str | None,
    first: str | None,
    second: str | None,
) -> str | None:
    """Two assignments' choices as one stored choice: the longer path, kept as
    None ("by department") when the department's path is that long already."""
    chosen = resolve_path(paths, department, [first, second])
    if chosen is None or chosen is resolve_path(paths, department, [None]):
        return None
    return chosen.id


def covers(held: LearningPath | None, required: LearningPath | None) -> bool:
    """Whether a certificate of path ``held`` satisfies an assignment requiring
    ``required``: every required module is in the held path. None stands for
    the whole course (a course without paths, or a certificate from before).
    """
    if held is None or required is None:
        return held is None
    return set(required.modules) <= set(held.modules)


def certificate_covers(
    paths: Sequence[LearningPath],
    held_id: str | None,
    department: str | None,
    choice: str | None,
) -> bool:
    """``covers`` by ids: a certificate's path_id against an assignment's choice.

    A certificate without a path (or of a path no longer in the course) was
    earned on the whole course as it was then: it covers every path.
    """
    held = by_id(paths, held_id)
    if held is None:
        return True
    return covers(held, resolve_path(paths, department, [choice]))
