"""Check that a bank's `draw:` setting can be met by its pool of questions."""

from __future__ import annotations

from collections.abc import Sequence

from lms.content.schema import N_
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
    if isinstance(draw, int):
        pool = [item_size(item) for item in items]
        if draw > sum(pool):
            messages.append(
                N_(
                    "draw: %(draw)s is more than the %(size)s questions in the pool",
                    draw=draw,
                    size=sum(pool),
                )
            )
        elif not reachable(pool, draw):
            messages.append(
                N_(
                    "draw: %(draw)s cannot be met exactly because scenarios are "
                    "drawn whole",
                    draw=draw,
                )
            )
        return [Problem(path, line, message) for message in messages]
    for tag, count in draw.items():
        pool = [item_size(item) for item in items if tag in item_tags(item)]
        if count > sum(pool):
            messages.append(
                N_(
                    "draw: tag '%(tag)s' has %(size)s questions, fewer than the "
                    "%(count)s to draw",
                    tag=tag,
                    size=sum(pool),
                    count=count,
                )
            )
        elif not reachable(pool, count):
            messages.append(
                N_(
                    "draw: %(count)s questions tagged '%(tag)s' cannot be met "
                    "exactly because scenarios are drawn whole",
                    count=count,
                    tag=tag,
                )
            )
    tagged = sum(item_size(i) for i in items if set(item_tags(i)) & set(draw))
    wanted = sum(draw.values())
    if not messages and wanted > tagged:
        messages.append(
            N_(
                "draw: asks for %(wanted)s questions in all, but only %(tagged)s "
                "questions carry those tags",
                wanted=wanted,
                tagged=tagged,
            )
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
        where = N_("tag '%(tag)s'", tag=tag) if tag else N_("the pool")
        message = N_(
            "draw: %(where)s has %(size)s questions; an exam needs at least "
            "%(reserve)s x %(count)s = %(needed)s to draw unseen "
            "questions for retries and renewals",
            where=where,
            size=size,
            reserve=EXAM_RESERVE,
            count=count,
            needed=EXAM_RESERVE * count,
        )
        problems.append(Problem(path, line, message))
    return problems
