"""Item statistics of the practice banks: the numbers behind the "no cues" rule.

Per bank and language: questions per type, where the key sits among the
single-choice options, how often the key is the longest option, how the
true/false keys fall and how many options are right in multiple response.

Run it on any quizzes folder (default: the shipped one) to get Markdown tables
of the practice banks and of the exam-only pools:

    python -m tests.course.item_stats [QUIZZES_DIR]
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lms.quiz.bank.cues import plain_text, truefalse_key
from lms.quiz.bank.loader import load_course_banks
from lms.quiz.bank.schema import Bank, Question

ROOT = Path(__file__).resolve().parents[2]
COURSE = "customer-service-essentials"
TYPES = ("single", "multiple", "truefalse", "short", "ordering", "matching")


@dataclass
class BankStats:
    """The numbers of one bank file."""

    bank: str
    language: str
    types: Counter[str] = field(default_factory=Counter)
    key_positions: Counter[int] = field(default_factory=Counter)
    singles: int = 0
    key_longest: int = 0
    true_keys: int = 0
    false_keys: int = 0
    right_counts: list[str] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)


def key_is_longest(question: Question) -> bool:
    """The key is strictly the longest unpinned option (as the cue check counts)."""
    lengths = sorted(
        (
            (len(plain_text(c.text_md or c.text_html)), c.correct)
            for c in question.choices
            if not c.pinned
        ),
        reverse=True,
    )
    return len(lengths) > 1 and lengths[0][0] > lengths[1][0] and lengths[0][1]


def bank_stats(bank: Bank) -> BankStats:
    stats = BankStats(bank.id, bank.language)
    for question in bank.questions():
        stats.types[question.type] += 1
        if question.type == "single":
            stats.singles += 1
            position = next(n for n, c in enumerate(question.choices, 1) if c.correct)
            stats.key_positions[position] += 1
            stats.key_longest += key_is_longest(question)
        elif question.type == "truefalse":
            if truefalse_key(question):
                stats.true_keys += 1
            else:
                stats.false_keys += 1
        elif question.type == "multiple":
            right = sum(c.correct for c in question.choices)
            stats.right_counts.append(f"{right}/{len(question.choices)}")
        elif question.type == "short":
            stats.accepted.append(len(question.accepted))
    return stats


def practice_stats(quizzes_dir: Path) -> list[BankStats]:
    """Every practice bank of the course (not the exam pools or the final exam),
    in every language, sorted by bank and language."""
    return course_stats(quizzes_dir, exam_pools=False)


def course_stats(quizzes_dir: Path, *, exam_pools: bool) -> list[BankStats]:
    """The practice banks, or (``exam_pools``) the exam-only pools, of the
    course in every language; final exams (banks that only include) are left out."""
    course_dir = quizzes_dir / COURSE
    found, problems = load_course_banks(course_dir, quizzes_dir)
    assert problems == [], problems
    result = []
    for _bank_id, bank_set in sorted(found.items()):
        original = bank_set.original
        if original.settings.include or bool(original.settings.exam_only) != exam_pools:
            continue
        files = {original.language: original, **bank_set.by_language}
        result.extend(bank_stats(bank) for bank in files.values())
    return sorted(result, key=lambda s: (s.bank, s.language))


def table(rows: list[BankStats]) -> str:
    head = (
        "| bank | lang | "
        + " | ".join(TYPES)
        + " | key position 1/2/3/4 | key longest | T/F keys (T:F)"
        + " | MR right | short accepted |"
    )
    lines = [head, "|" + "---|" * (len(TYPES) + 7)]
    for s in rows:
        positions = "/".join(str(s.key_positions.get(n, 0)) for n in range(1, 5))
        share = f"{s.key_longest}/{s.singles} ({s.key_longest / max(s.singles, 1):.0%})"
        lines.append(
            f"| {s.bank} | {s.language} | "
            + " | ".join(str(s.types.get(t, 0)) for t in TYPES)
            + f" | {positions} | {share} | {s.true_keys}:{s.false_keys}"
            f" | {', '.join(s.right_counts)} | {', '.join(map(str, s.accepted))} |"
        )
    return "\n".join(lines)


def totals(rows: list[BankStats], language: str) -> str:
    chosen = [s for s in rows if s.language == language]
    singles = sum(s.singles for s in chosen)
    longest = sum(s.key_longest for s in chosen)
    true_keys = sum(s.true_keys for s in chosen)
    false_keys = sum(s.false_keys for s in chosen)
    positions: Counter[int] = Counter()
    for s in chosen:
        positions.update(s.key_positions)
    rights = Counter(r.split("/")[0] for s in chosen for r in s.right_counts)
    return (
        f"{language}: key longest {longest}/{singles}"
        f" ({longest / max(singles, 1):.0%});"
        f" key positions {dict(sorted(positions.items()))};"
        f" true/false keys {true_keys} True, {false_keys} False;"
        f" multiple response right counts {dict(sorted(rights.items()))}"
    )


def main() -> None:
    quizzes_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "quizzes"
    for heading, exam_pools in (("Practice banks", False), ("Exam pools", True)):
        rows = course_stats(quizzes_dir, exam_pools=exam_pools)
        print(f"## {heading}\n")
        print(table(rows))
        print()
        for language in sorted({s.language for s in rows}):
            print(totals(rows, language))
        print()


if __name__ == "__main__":
    main()
