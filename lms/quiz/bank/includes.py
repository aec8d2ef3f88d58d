"""Resolve `include:` between the banks of a course into full question pools."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from lms.content.schema import N_
from lms.quiz.bank.pool import check_draw
from lms.quiz.bank.schema import (
    Bank,
    Item,
    Problem,
    Question,
    Scenario,
    is_exam_only,
)

# (item, id of the bank the item was written in)
_Sourced = tuple[Item, str]


def _tagged(item: Item, tag: str) -> Item:
    """The item with ``tag`` added (a scenario's questions get it too)."""
    if isinstance(item, Scenario):
        questions = tuple(_tagged(q, tag) for q in item.questions)
        tags = item.tags if tag in item.tags else (*item.tags, tag)
        return replace(item, tags=tags, questions=questions)  # type: ignore[arg-type]
    if tag in item.tags:
        return item
    return replace(item, tags=(*item.tags, tag))


@dataclass
class _Resolver:
    banks: Mapping[str, Bank]
    done: dict[str, list[_Sourced]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def pool(self, bank_id: str, stack: tuple[str, ...] = ()) -> list[_Sourced]:
        if bank_id in self.done:
            return self.done[bank_id]
        bank = self.banks[bank_id]
        line = bank.key_lines.get("include", 1)
        pool: list[_Sourced] = [(item, bank_id) for item in bank.items]
        for included in bank.settings.include:
            if included not in self.banks:
                message = N_(
                    "include: there is no bank '%(bank)s' in this course",
                    bank=included,
                )
                self.problems.append(Problem(bank.path, line, message))
            elif included == bank_id or included in stack:
                cycle = " -> ".join([*stack, bank_id, included])
                message = N_(
                    "include: banks include each other in a cycle: %(cycle)s",
                    cycle=cycle,
                )
                self.problems.append(Problem(bank.path, line, message))
            else:
                pool.extend(
                    (_tagged(item, included), origin)
                    for item, origin in self.pool(included, (*stack, bank_id))
                )
        self.done[bank_id] = pool
        return pool


def _unique_pool(bank: Bank, pool: list[_Sourced]) -> tuple[list[Item], list[Problem]]:
    """Drop items reached twice (A includes B and C, both include D); flag clashes."""
    seen: dict[str, str] = {}
    items: list[Item] = []
    problems = []
    line = bank.key_lines.get("include", 1)
    for item, origin in pool:
        if seen.get(item.id) == origin:
            continue
        items.append(item)
        entries: list[Question | Scenario] = [item]
        if isinstance(item, Scenario):
            entries.extend(item.questions)
        for entry in entries:
            first = seen.setdefault(entry.id, origin)
            if first != origin:
                message = N_(
                    "include: id '%(id)s' is in both bank '%(first)s' and bank "
                    "'%(origin)s'; ids must be unique across included banks",
                    id=entry.id,
                    first=first,
                    origin=origin,
                )
                problems.append(Problem(bank.path, line, message))
    return items, problems


def _practice_origins(bank: Bank, pool: list[_Sourced]) -> list[Problem]:
    """For `exam_pools: exam_only`: each included bank that is not an exam pool."""
    if bank.settings.exam_pools != "exam_only":
        return []
    line = bank.key_lines.get("include", bank.key_lines.get("exam_pools", 1))
    origins = dict.fromkeys(
        origin for item, origin in pool if origin != bank.id and not is_exam_only(item)
    )
    return [
        Problem(
            bank.path,
            line,
            N_(
                "include: bank '%(origin)s' is a practice bank, but this exam sets "
                "'exam_pools: exam_only'; include only banks with 'exam_only: true'",
                origin=origin,
            ),
        )
        for origin in origins
    ]


def resolve_includes(
    banks: Mapping[str, Bank],
) -> tuple[dict[str, Bank], list[Problem]]:
    """Every bank with included banks' questions added to its pool.

    ``banks`` maps bank id to bank (one course). Included questions keep
    their tags and also carry the included bank's id as a tag, so a draw
    can be made per module. Includes are followed transitively. Unknown
    ids, cycles and ids that appear twice in a pool are problems; draws of
    including banks are checked against the resolved pool.
    """
    resolver = _Resolver(banks)
    resolved: dict[str, Bank] = {}
    for bank_id, bank in banks.items():
        if not bank.settings.include:
            resolved[bank_id] = bank
            continue
        sourced = resolver.pool(bank_id)
        pool, clashes = _unique_pool(bank, sourced)
        resolver.problems.extend(clashes)
        resolver.problems.extend(_practice_origins(bank, sourced))
        items = tuple(pool)
        line = bank.key_lines.get("draw", 1)
        resolver.problems.extend(check_draw(bank.settings, items, bank.path, line))
        if not items:
            message = N_("the bank has no questions, even with its included banks")
            resolver.problems.append(Problem(bank.path, 1, message))
        resolved[bank_id] = replace(bank, items=items)
    unique = list(dict.fromkeys(resolver.problems))
    return resolved, unique
