"""The item-writing check: cues that let a test-wise learner guess the key.

Pure: a parsed bank in, warnings with path:line out. Authors see them as
warnings in ``lms content check`` and on the authoring page; ``--strict`` makes
them errors (the shipped banks are checked strictly in CI).

The rules, each with the share or count that triggers it:

- the key is the strictly longest option in more than 40 % of the single-choice
  questions (from five such questions up);
- true/false keys lean one way: more than 70 % True or False (from five up);
- every multiple-response question has the same number of right options (from
  three such questions up);
- an option says "all of the above" or "none of the above" (English or German);
- two options of one question, or two stems of one bank, read the same;
- a short answer that is a phrase accepts only one way of writing it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from lms.content.schema import N_
from lms.quiz.bank.schema import Bank, Choice, Problem, Question

LONGEST_KEY_SHARE = 0.40
ONE_SIDED_SHARE = 0.70
MIN_SINGLES = 5
MIN_TRUEFALSE = 5
MIN_MULTIPLE = 3

_TRUE_WORDS = frozenset({"true", "wahr", "richtig", "yes", "ja", "stimmt"})
_FALSE_WORDS = frozenset({"false", "falsch", "no", "nein", "stimmt nicht"})
_CATCH_ALL = re.compile(
    r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them)\b"
    r"|\b(alle|keine)\s+(der\s+|dieser\s+)?(oben\s+)?(genannten|obigen|anderen)\b"
    r"|\b(alles|nichts)\s+(davon|oben\s+genannte)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<[^>]+>|[*_`~\[\]()#>]")
_SPACES = re.compile(r"\s+")


def plain_text(markdown_or_html: str) -> str:
    """The words of an option or stem, without markup, case or extra spaces."""
    text = unicodedata.normalize("NFKC", _MARKUP.sub(" ", markdown_or_html))
    return _SPACES.sub(" ", text).strip().casefold()


def _text(choice: Choice) -> str:
    return plain_text(choice.text_md or choice.text_html)


def _stem(question: Question) -> str:
    return plain_text(question.stem_md or question.stem_html)


def check_cues(bank: Bank) -> list[Problem]:
    """Every cue of one bank (in the author's language), sorted by line."""
    questions = list(bank.questions())
    problems = [
        *_longest_key(bank, questions),
        *_one_sided_truefalse(bank, questions),
        *_same_count_multiple(bank, questions),
        *_per_question(bank, questions),
        *_duplicate_stems(bank, questions),
    ]
    return sorted(problems, key=lambda p: (p.line, p.message))


def _first_line(questions: Sequence[Question]) -> int:
    return min((q.line for q in questions), default=1)


def _ids(questions: Iterable[Question]) -> str:
    return ", ".join(q.id for q in questions)


def _longest_key(bank: Bank, questions: Sequence[Question]) -> list[Problem]:
    singles = [q for q in questions if q.type == "single" and len(q.choices) > 1]
    if len(singles) < MIN_SINGLES:
        return []
    cued = [q for q in singles if _key_is_longest(q)]
    if len(cued) <= LONGEST_KEY_SHARE * len(singles):
        return []
    return [
        Problem(
            bank.path,
            _first_line(cued),
            N_(
                "the right option is the longest in %(count)s of %(total)s"
                " single-choice questions (more than %(share)s):"
                " test-wise learners pick the longest option; make a wrong option"
                " the longest in some of them (%(ids)s)",
                count=len(cued),
                total=len(singles),
                share=f"{LONGEST_KEY_SHARE:.0%}",
                ids=_ids(cued),
            ),
        )
    ]


def _key_is_longest(question: Question) -> bool:
    lengths = sorted(
        ((len(_text(c)), c.correct) for c in question.choices if not c.pinned),
        reverse=True,
    )
    if len(lengths) < 2 or lengths[0][0] == lengths[1][0]:
        return False
    return lengths[0][1]


def truefalse_key(question: Question) -> bool:
    """Whether the key of a true/false question is "True" (by text, else first)."""
    right = next(c for c in question.choices if c.correct)
    word = _text(right).rstrip(".!")
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return question.choices.index(right) == 0


def _one_sided_truefalse(bank: Bank, questions: Sequence[Question]) -> list[Problem]:
    items = [q for q in questions if q.type == "truefalse" and q.choices]
    if len(items) < MIN_TRUEFALSE:
        return []
    keyed_true = sum(truefalse_key(q) for q in items)
    side, count = (
        (N_("True"), keyed_true)
        if keyed_true >= len(items) - keyed_true
        else (N_("False"), len(items) - keyed_true)
    )
    if count <= ONE_SIDED_SHARE * len(items):
        return []
    return [
        Problem(
            bank.path,
            _first_line(items),
            N_(
                "%(count)s of %(total)s true/false questions are keyed %(side)s"
                " (more than %(share)s): learners who always answer"
                " %(side)s pass them; key some of them the other way",
                count=count,
                total=len(items),
                side=side,
                share=f"{ONE_SIDED_SHARE:.0%}",
            ),
        )
    ]


def _same_count_multiple(bank: Bank, questions: Sequence[Question]) -> list[Problem]:
    items = [q for q in questions if q.type == "multiple"]
    if len(items) < MIN_MULTIPLE:
        return []
    counts = Counter(sum(c.correct for c in q.choices) for q in items)
    if len(counts) > 1:
        return []
    (right,) = counts
    return [
        Problem(
            bank.path,
            _first_line(items),
            N_(
                "all %(total)s multiple-response questions have exactly %(right)s"
                " right options: learners learn to pick that many; vary how many"
                " are right (%(ids)s)",
                total=len(items),
                right=right,
                ids=_ids(items),
            ),
        )
    ]


def _per_question(bank: Bank, questions: Sequence[Question]) -> list[Problem]:
    problems: list[Problem] = []
    for question in questions:
        texts = [_text(c) for c in question.choices]
        for text in texts:
            if _CATCH_ALL.search(text):
                problems.append(
                    Problem(
                        bank.path,
                        question.line,
                        N_(
                            "%(id)s: an option reads '%(text)s': 'all/none of the"
                            " above' can be answered by spotting two right (or one"
                            " wrong) options; write a real option instead",
                            id=question.id,
                            text=text,
                        ),
                    )
                )
        for text, count in Counter(texts).items():
            if count > 1:
                problems.append(
                    Problem(
                        bank.path,
                        question.line,
                        N_(
                            "%(id)s: the option '%(text)s' appears %(count)s times",
                            id=question.id,
                            text=text,
                            count=count,
                        ),
                    )
                )
        problems.extend(_short_answer(bank, question))
    return problems


def _short_answer(bank: Bank, question: Question) -> list[Problem]:
    if question.type != "short" or len(question.accepted) != 1:
        return []
    answer = question.accepted[0].text.strip()
    if not re.search(r"[\s\-/]", answer):
        return []
    return [
        Problem(
            bank.path,
            question.line,
            N_(
                "%(id)s: the phrase '%(answer)s' is the only accepted answer:"
                " accept other ways of writing it (word order, hyphens, synonyms)",
                id=question.id,
                answer=answer,
            ),
        )
    ]


def _duplicate_stems(bank: Bank, questions: Sequence[Question]) -> list[Problem]:
    seen: dict[str, Question] = {}
    problems: list[Problem] = []
    for question in questions:
        stem = _stem(question)
        first = seen.setdefault(stem, question)
        if first is not question and stem:
            problems.append(
                Problem(
                    bank.path,
                    question.line,
                    N_(
                        "%(id)s: the same question text as %(first)s (line %(line)s)",
                        id=question.id,
                        first=first.id,
                        line=first.line,
                    ),
                )
            )
    return problems
