"""Reading a course's question banks from ``quizzes/<course>/``, in every language.

A bank set is the original bank (with includes resolved) and one merged bank
per translation, so a learner gets the bank in their language where it exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lms.content.facts.placeholders import Facts
from lms.content.names import split_markdown_name
from lms.content.schema import N_
from lms.quiz.bank.facts import fill_bank_sources
from lms.quiz.bank.includes import resolve_includes
from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.schema import Bank, Item, Problem, Scenario
from lms.quiz.bank.translation import check_translation, merge_translation

SUPPORTED_LANGUAGES = ("en", "de")


@dataclass(frozen=True)
class BankSet:
    """One bank in the original language and its translations, all resolved."""

    original: Bank
    by_language: Mapping[str, Bank]

    @property
    def id(self) -> str:
        return self.original.id

    def for_language(self, language: str) -> Bank:
        return self.by_language.get(language, self.original)


def _exam_only_item(item: Item) -> Item:
    if isinstance(item, Scenario):
        questions = tuple(replace(q, exam_only=True) for q in item.questions)
        return replace(item, exam_only=True, questions=questions)
    return replace(item, exam_only=True)


def mark_exam_only(bank: Bank) -> Bank:
    """A bank of `exam_only: true` with every question marked exam-only too."""
    if not bank.settings.exam_only:
        return bank
    items = tuple(_exam_only_item(item) for item in bank.items)
    return replace(bank, items=items)


def _check_marks(bank: Bank) -> list[Problem]:
    """Questions marked `.exam-only` in a scenario must mark the whole scenario."""
    problems = []
    for item in bank.items:
        if not isinstance(item, Scenario) or item.exam_only:
            continue
        marked = [q for q in item.questions if q.exam_only]
        if marked and len(marked) < len(item.questions):
            message = N_(
                "scenario %(id)s: some of its questions are .exam-only; a "
                "scenario is drawn whole, so mark the scenario heading instead",
                id=item.id,
            )
            problems.append(Problem(bank.path, item.line, message))
    return problems


def read_course_sources(
    course_dir: Path, root: Path
) -> tuple[dict[str, str], list[Problem]]:
    """The text of every .md file of a course's quiz folder, by file name."""
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    for path in sorted(p for p in course_dir.iterdir() if p.suffix == ".md"):
        shown = path.relative_to(root.parent).as_posix()
        try:
            sources[path.name] = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, N_("the file is not UTF-8 text")))
        except OSError as error:
            message = N_(
                "cannot read the file: %(error)s", error=error.strerror or str(error)
            )
            problems.append(Problem(shown, 1, message))
    return sources, problems


def load_course_banks(
    course_dir: Path,
    root: Path,
    default_language: str = "en",
    facts: Facts | None = None,
) -> tuple[dict[str, BankSet], list[Problem]]:
    """Every bank of one course folder; only problem-free banks are returned.

    With the course's `facts`, placeholders are filled in (and checked) first.
    """
    sources, problems = read_course_sources(course_dir, root)
    display = course_dir.relative_to(root.parent).as_posix()
    if facts is not None:
        sources, found = fill_bank_sources(sources, facts, display)
        problems += found
        default_language = facts.language
    banks, found = build_course_banks(sources, display, default_language)
    return banks, problems + found


def build_course_banks(
    sources: Mapping[str, str], display_dir: str, default_language: str = "en"
) -> tuple[dict[str, BankSet], list[Problem]]:
    """Bank sets from file texts (read from disk, or stored with an attempt)."""
    problems: list[Problem] = []
    originals: dict[str, Bank] = {}
    translations: dict[str, dict[str, Bank]] = {}
    for file_name, text in sorted(sources.items()):
        name = split_markdown_name(file_name)
        shown = f"{display_dir}/{file_name}"
        if isinstance(name, str):
            problems.append(Problem(shown, 1, name))
            continue
        if name.language and name.language not in SUPPORTED_LANGUAGES:
            message = N_(
                "language '%(language)s' is not supported (use en or de)",
                language=name.language,
            )
            problems.append(Problem(shown, 1, message))
            continue
        language = name.language or default_language
        bank, found = parse_bank(
            text, shown, translation=bool(name.language), language=language
        )
        problems.extend(found)
        if bank is None:
            continue
        if name.language:
            translations.setdefault(name.stem, {})[name.language] = bank
        elif bank.id != name.stem:
            message = N_(
                "the id '%(id)s' must match the file name '%(stem)s'",
                id=bank.id,
                stem=name.stem,
            )
            problems.append(Problem(shown, bank.key_lines.get("id", 1), message))
        else:
            problems.extend(_check_marks(bank))
            originals[bank.id] = mark_exam_only(bank)
    for stem, by_language in translations.items():
        if stem not in originals:
            for bank in by_language.values():
                problems.append(
                    Problem(
                        bank.path,
                        1,
                        N_("translation without an original %(stem)s.md", stem=stem),
                    )
                )
    resolved, found = resolve_includes(originals)
    problems.extend(found)
    per_language: dict[str, dict[str, Bank]] = {}
    for language in {lang for group in translations.values() for lang in group}:
        merged: dict[str, Bank] = {}
        for bank_id, original in originals.items():
            translated = translations.get(bank_id, {}).get(language)
            if translated is None:
                merged[bank_id] = original
                continue
            problems.extend(check_translation(original, translated))
            merged[bank_id] = merge_translation(original, translated)
        per_language[language], _ignored = resolve_includes(merged)
    sets = {
        bank_id: BankSet(
            original=bank,
            by_language={
                lang: banks[bank_id]
                for lang, banks in per_language.items()
                if bank_id in banks
            },
        )
        for bank_id, bank in resolved.items()
    }
    return sets, problems


def load_banks(
    quizzes_dir: Path, facts: Mapping[str, Facts] | None = None
) -> tuple[dict[str, dict[str, BankSet]], list[Problem]]:
    """Bank sets per course folder under ``quizzes/``, and every problem.

    `facts` by course slug; a course folder without them is loaded as written.
    """
    if not quizzes_dir.is_dir():
        return {}, []
    banks: dict[str, dict[str, BankSet]] = {}
    problems: list[Problem] = []
    for course_dir in sorted(p for p in quizzes_dir.iterdir() if p.is_dir()):
        if course_dir.name.startswith("."):
            continue
        banks[course_dir.name], found = load_course_banks(
            course_dir,
            quizzes_dir,
            facts=(facts or {}).get(course_dir.name),
        )
        problems.extend(found)
    return banks, problems
