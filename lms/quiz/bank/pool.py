"""Check that a bank's `draw:` setting can be met by its pool of questions."""

from __future__ import annotations

from collections.abc import Sequence

from lms.quiz.bank.schema import BankSettings, Item, Problem, item_size, item_tags


def reachable(sizes: Sequence[int], count: int) -> bool:
    """Whether some of ``sizes`` add up to exactly ``count`` (subset sum)."""
    sums = 1
    for size in sizes:
        sums |= sums << size
    return bool(sums >> count & 1)


def check_draw(
    settings: BankSettings, items: Sequence[Item], path: str, line: int
) -> list[Problem]:
    """Problems with `draw:` given the pool; scenarios count as their questions."""
    draw = settings.draw
    if draw is None:
        return []
    messages: list[str] = []
    whole = "scenarios are drawn whole"
    if isinstance(draw, int):
        pool = [item_size(item) for item in items]
        if draw > sum(pool):
            messages.append(
                f"draw: {draw} is more than the {sum(pool)} questions in the pool"
            )
        elif not reachable(pool, draw):
            messages.append(f"draw: {draw} cannot be met exactly because {whole}")
        return [Problem(path, line, message) for message in messages]
    for tag, count in draw.items():
        pool = [item_size(item) for item in items if tag in item_tags(item)]
        if count > sum(pool):
            messages.append(
                f"draw: tag '{tag}' has {sum(pool)} questions, fewer than the "
                f"{count} to draw"
            )
        elif not reachable(pool, count):
            messages.append(
                f"draw: {count} questions tagged '{tag}' cannot be met exactly "
                f"because {whole}"
            )
    tagged = sum(item_size(i) for i in items if set(item_tags(i)) & set(draw))
    wanted = sum(draw.values())
    if not messages and wanted > tagged:
        messages.append(
            f"draw: asks for {wanted} questions in all, but only {tagged} "
            "questions carry those tags"
        )
    return [Problem(path, line, message) for message in messages]


# An exam pool holds at least this many times its draw, so that retries and
# renewals can be drawn from questions the person has not seen yet.
EXAM_RESERVE = 3


def check_exam_reserve(
    settings: BankSettings, items: Sequence[Item], path: str, line: int
) -> list[Problem]:
    """Problems when an exam's pool, per drawn tag, is under 3 times its draw."""
    draw = settings.draw
    if draw is None:
        return []
    wanted = {"": draw} if isinstance(draw, int) else dict(draw)
    problems = []
    for tag, count in wanted.items():
        size = sum(item_size(i) for i in items if not tag or tag in item_tags(i))
        if size >= EXAM_RESERVE * count:
            continue
        where = f"tag '{tag}'" if tag else "the pool"
        message = (
            f"draw: {where} has {size} questions; an exam needs at least "
            f"{EXAM_RESERVE} x {count} = {EXAM_RESERVE * count} to draw unseen "
            "questions for retries and renewals"
        )
        problems.append(Problem(path, line, message))
    return problems
