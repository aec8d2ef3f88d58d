"""Checks of pools that need the course: which bank is played how (module quiz,
final exam, exam-only pool, refresher)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lms.content.schema import N_, CourseDoc, RefresherSpec
from lms.quiz.bank.loader import BankSet
from lms.quiz.bank.pool import check_exam_reserve
from lms.quiz.bank.schema import Bank, Problem, Question, is_exam_only


def _item_paths(banks: Mapping[str, BankSet]) -> dict[str, tuple[str, int]]:
    """Where each item id is written: the bank file and line it first appears in."""
    found: dict[str, tuple[str, int]] = {}
    ordered = sorted(banks.values(), key=lambda s: bool(s.original.settings.include))
    for bank_set in ordered:
        for item in bank_set.original.items:
            found.setdefault(item.id, (bank_set.original.path, item.line))
    return found


def _practice_problems(
    module: str, bank: Bank, paths: Mapping[str, tuple[str, int]]
) -> list[Problem]:
    if bank.settings.exam_only:
        line = bank.key_lines.get("exam_only", 1)
        message = N_(
            "module %(module)s plays this bank as its quiz, but it is marked "
            "'exam_only: true'; exam pools are only included by an exam",
            module=module,
        )
        return [Problem(bank.path, line, message)]
    problems = []
    for item in bank.items:
        if not is_exam_only(item):
            continue
        path, line = paths.get(item.id, (bank.path, item.line))
        message = N_(
            "%(id)s is marked for the exam only, but bank '%(bank)s' is "
            "played as a practice quiz (module %(module)s)",
            id=item.id,
            bank=bank.id,
            module=module,
        )
        problems.append(Problem(path, line, message))
    return problems


def _exam_problems(bank: Bank) -> list[Problem]:
    if bank.settings.exam_only:
        line = bank.key_lines.get("exam_only", 1)
        message = N_(
            "this bank is the course's final exam but is marked 'exam_only: "
            "true'; an exam pool is only included, so give the exam its own bank"
        )
        return [Problem(bank.path, line, message)]
    line = bank.key_lines.get("draw", 1)
    return check_exam_reserve(bank.settings, bank.items, bank.path, line)


def pool_problems(
    courses: Sequence[CourseDoc], banks: Mapping[str, Mapping[str, BankSet]]
) -> list[Problem]:
    """Exam-only questions in practice quizzes; exam pools too small to renew."""
    problems: list[Problem] = []
    for course in courses:
        course_banks = banks.get(course.slug, {})
        paths = _item_paths(course_banks)
        for module in course.modules:
            if module.quiz and module.quiz in course_banks:
                bank = course_banks[module.quiz].original
                problems.extend(_practice_problems(module.slug, bank, paths))
        exams = {course.final_exam, *(path.final_exam for path in course.paths)}
        for exam in sorted(exam for exam in exams if exam and exam in course_banks):
            problems.extend(_exam_problems(course_banks[exam].original))
        if course.refresher is not None:
            problems.extend(_refresher_problems(course.refresher, course_banks, exams))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


#: A refresher's pools together hold at least this many times its questions,
#: so that the next refresher can bring other questions than the last.
REFRESHER_RESERVE = 2


def refresher_questions(bank: Bank) -> list[Question]:
    """The questions of a bank a refresher may show: practice, not in a case."""
    return [
        item for item in bank.items if isinstance(item, Question) and not item.exam_only
    ]


def _refresher_problems(
    spec: RefresherSpec,
    banks: Mapping[str, BankSet],
    exams: set[str | None],
) -> list[Problem]:
    """Refresher pools that are missing, exam pools, empty, or too small together."""
    problems: list[Problem] = []

    def problem(message: str) -> None:
        problems.append(Problem(spec.path, spec.line, message))

    total = len(spec.lexicon)
    for pool in spec.pools:
        bank_set = banks.get(pool)
        if bank_set is None:
            problem(
                N_("refresher pool '%(pool)s' is not a bank of this course", pool=pool)
            )
        elif bank_set.original.settings.exam_only or pool in exams:
            problem(
                N_(
                    "refresher pool '%(pool)s' is an exam pool; a refresher draws "
                    "from practice banks only, so exam questions stay unseen",
                    pool=pool,
                )
            )
        elif not (count := len(refresher_questions(bank_set.original))):
            problem(
                N_("refresher pool '%(pool)s' has no practice questions", pool=pool)
            )
        else:
            total += count
    needed = spec.questions * REFRESHER_RESERVE
    if not problems and total < needed:
        problem(
            N_(
                "the refresher's pools hold %(total)s questions, fewer than "
                "%(needed)s (%(reserve)s times 'questions: %(questions)s')",
                total=total,
                needed=needed,
                reserve=REFRESHER_RESERVE,
                questions=spec.questions,
            )
        )
    return problems
