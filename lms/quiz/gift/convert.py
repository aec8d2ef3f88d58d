"""Moodle GIFT exchange: import to bank Markdown, export a bank to GIFT."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePath

import yaml

from lms.quiz.bank.answers import line_kind
from lms.quiz.bank.schema import Bank, Choice, Problem, Question, Scenario
from lms.quiz.gift.reader import GiftChoice, GiftQuestion, read_gift

_CLOSING_HASHES = re.compile(r"(?:^|\s)#+$")
_GIFT_SPECIALS = set(":#={}~")
_GIFT_ESCAPABLE = set("\\:#={}~n")
# Letters NFKD does not split into a base letter plus accents.
_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l"})
_TRUE_WORDS = ("true", "wahr", "richtig")


def slug(text: str) -> str:
    """Lowercase ASCII letters, digits and dashes, at most 60 characters."""
    text = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def num(value: float) -> str:
    """A number as an author would write it: 12, 12.5, -0.25."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


# --- import -----------------------------------------------------------------


def _question_id(question: GiftQuestion, number: int, taken: set[str]) -> str:
    base = slug(question.idnumber) or slug(question.name)
    if not base:
        base = slug(" ".join(question.stem.split()[:6])) or str(number)
    base = base if base.startswith("q-") else f"q-{base}"
    qid, suffix = base, 2
    while qid in taken:
        qid, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(qid)
    return qid


def _body_line(line: str) -> str:
    """Indent a stem line that would otherwise read as a heading or an answer."""
    return f" {line}" if line.startswith("#") or line_kind(line) else line


def _quoted(text: str, indent: str) -> list[str]:
    return [f"{indent}> {line}".rstrip() for line in text.splitlines()] if text else []


def _answer_lines(prefix: str, answer: GiftChoice, attrs: str = "") -> list[str]:
    parts = [p for p in re.split(r"\n\s*\n|\n", answer.text) if p.strip()] or [""]
    first = f"{prefix} {parts[0]}".rstrip() + attrs
    # A continuation line starting with ">" would read as feedback.
    rest = ["  " + re.sub(r"^>", r"\\>", p.strip()) for p in parts[1:]]
    return [first, *rest, *_quoted(answer.feedback, "  ")]


def _weight_attr(weight: float | None) -> str:
    return "" if weight is None else f" {{weight={num(weight)}}}"


def _choice_attrs(weight: float | None, pinned: bool) -> str:
    attrs = [".pinned"] if pinned else []
    attrs += [] if weight is None else [f"weight={num(weight)}"]
    return f" {{{' '.join(attrs)}}}" if attrs else ""


def _emit(q: GiftQuestion, qid: str, problems: list[Problem], path: str) -> list[str]:
    paragraphs = [p for p in re.split(r"\n\s*\n", q.stem.strip()) if p.strip()]
    if not paragraphs:
        problems.append(Problem(path, q.line, f"question {qid} has no text"))
    first = " ".join(line.strip() for line in (paragraphs or [""])[0].splitlines())
    # Trailing " #" would read as Markdown's optional closing hashes.
    first = _CLOSING_HASHES.sub(lambda m: m.group(0).replace("#", "\\#"), first)
    attrs = [f"#{qid}", f".{q.type}"]
    tags = list(dict.fromkeys(t for t in map(slug, q.tags) if t))
    if tags:
        attrs.append(f'tags="{" ".join(tags)}"')
    if q.points:
        try:
            points = float(q.points)
        except ValueError:
            points = 0
        if points > 0:
            attrs.append(f"points={num(points)}")
        else:
            problems.append(
                Problem(path, q.line, f"[points:{q.points}] is not a number")
            )
    heading = " ".join(filter(None, ["##", first, "{" + " ".join(attrs) + "}"]))
    lines = [heading, ""]
    for paragraph in paragraphs[1:]:
        lines += [_body_line(line) for line in paragraph.splitlines()] + [""]
    for number, choice in enumerate(q.choices, start=1):
        if q.type in ("short", "numeric"):
            lines += _answer_lines("=", choice, _weight_attr(choice.weight))
        else:
            box = "- [x]" if choice.correct else "- [ ]"
            pinned = number in q.pinned
            lines += _answer_lines(box, choice, _choice_attrs(choice.weight, pinned))
    for left, right in q.pairs:
        pair = " ".join(filter(None, ["-", left, "->", right]))
        lines.append(pair.replace("\n", " "))
    if q.general_feedback:
        lines += ["", *_quoted(q.general_feedback, "")]
    return [*lines, ""]


def import_gift(text: str, path: str) -> tuple[str, list[Problem]]:
    """GIFT text as bank Markdown (front matter included) and the problems found.

    Essays and descriptions are reported and left out. Weights become
    ``{weight=N}`` answer attributes, categories and ``[tag:...]`` become
    tags, ``[id:...]`` (or the ``::title::``) the question id.
    """
    questions, problems = read_gift(text, path)
    stem = PurePath(path).stem
    front = {
        "id": slug(stem) or "imported",
        "title": (
            stem.replace("-", " ").replace("_", " ").strip() or "Imported"
        ).capitalize(),
        "pass_mark": 80,
    }
    out = [
        "---",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True).strip(),
        "---",
        "",
    ]
    taken: set[str] = set()
    for number, question in enumerate(questions, start=1):
        out += _emit(question, _question_id(question, number, taken), problems, path)
    return "\n".join(out).rstrip() + "\n", sorted(problems, key=lambda p: p.line)


# --- export -----------------------------------------------------------------


def escape(text: str) -> str:
    """Escape GIFT's special characters; newlines become `\\n`."""
    out = []
    for index, char in enumerate(text):
        following = text[index + 1 : index + 2]
        # A backslash at the end would escape the marker written after it.
        if char == "\\" and (not following or following in _GIFT_ESCAPABLE):
            out.append("\\\\")
        elif char in _GIFT_SPECIALS:
            out.append("\\" + char)
        else:
            out.append("\\n" if char == "\n" else char)
    return "".join(out)


def _answer(marker: str, text: str, weight: float | None, feedback: str) -> str:
    percent = "" if weight is None else f"%{num(weight)}%"
    tail = f"#{escape(feedback)}" if feedback else ""
    return f"\t{marker}{percent}{escape(text)}{tail}"


def _multiple_weights(question: Question) -> list[float | None]:
    if any(c.weight is not None for c in question.choices):
        return [c.weight for c in question.choices]
    share = 100 / max(1, sum(c.correct for c in question.choices))
    return [share if c.correct else -share for c in question.choices]


def _true_false(question: Question) -> str:
    choices = question.choices
    truth = next(
        (c for c in choices if c.text_md.strip().lower() in _TRUE_WORDS), choices[0]
    )
    right = next((c for c in choices if c.correct), truth)
    wrong: Choice | None = next((c for c in choices if not c.correct), None)
    answer = "TRUE" if truth.correct else "FALSE"
    wrong_fb = wrong.feedback_md if wrong else ""
    if wrong_fb or right.feedback_md:
        answer += f"#{escape(wrong_fb)}#{escape(right.feedback_md)}"
    return f"\t{answer}"


def _single(question: Question) -> list[str]:
    return [
        _answer("=", c.text_md, None, c.feedback_md)
        if c.correct
        else _answer("~", c.text_md, c.weight, c.feedback_md)
        for c in question.choices
    ]


def _multiple(question: Question) -> list[str]:
    weights = _multiple_weights(question)
    return [
        _answer("~", c.text_md, w, c.feedback_md)
        for c, w in zip(question.choices, weights, strict=True)
    ]


def _short(question: Question) -> list[str]:
    return [_answer("=", a.text, a.weight, a.feedback_md) for a in question.accepted]


def _numeric(question: Question) -> list[str]:
    lines = ["\t#"]
    for a in question.numeric:
        if a.value is not None and a.tolerance is not None:
            key = f"{num(a.value)}:{num(a.tolerance)}"
        else:
            key = f"{num(a.low)}..{num(a.high)}"
        percent = "" if a.weight is None else f"%{num(a.weight)}%"
        tail = f"#{escape(a.feedback_md)}" if a.feedback_md else ""
        lines.append(f"\t={percent}{key}{tail}")
    return lines


def _matching(question: Question) -> list[str]:
    return [
        f"\t={escape(p.left_md or '')} -> {escape(p.right_md)}" for p in question.pairs
    ]


# GIFT knows a fixed set of question types; a type missing here (ordering,
# and any type added later) has no GIFT form and is left out of an export.
_GIFT_ANSWERS: dict[str, Callable[[Question], list[str]]] = {
    "single": _single,
    "multiple": _multiple,
    "truefalse": lambda question: [_true_false(question)],
    "short": _short,
    "numeric": _numeric,
    "matching": _matching,
}


def has_gift_form(question_type: str) -> bool:
    """Whether questions of this type can be exported to GIFT."""
    return question_type in _GIFT_ANSWERS


def _export_question(question: Question, extra_tags: tuple[str, ...] = ()) -> str:
    if not has_gift_form(question.type):
        return (
            f"// {question.id}: {question.type} questions have no GIFT form; left out"
        )
    tags = dict.fromkeys((*question.tags, *extra_tags))
    meta = [f"[id:{question.id}]", *(f"[tag:{t}]" for t in tags)]
    if question.points != 1:
        meta.append(f"[points:{num(question.points)}]")
    meta += [f"[pinned:{i}]" for i, c in enumerate(question.choices, 1) if c.pinned]
    lines = [
        f"// {' '.join(meta)}",
        f"::{question.id}::[markdown]{escape(question.stem_md)} {{",
    ]
    lines += _GIFT_ANSWERS[question.type](question)
    if question.general_feedback_md:
        lines.append(f"\t####{escape(question.general_feedback_md)}")
    return "\n".join([*lines, "}"])


def _export_scenario(scenario: Scenario) -> list[str]:
    tags = " ".join(f"[tag:{t}]" for t in scenario.tags)
    case = f"**{scenario.title_md}**\n\n{scenario.case_md}"
    comment = f"// [id:{scenario.id}] {tags}".rstrip()
    blocks = [f"{comment}\n::{scenario.id}::[markdown]{escape(case)}"]
    extra = (*scenario.tags, scenario.id)
    return blocks + [_export_question(q, extra) for q in scenario.questions]


def export_gift(bank: Bank) -> str:
    """The bank as GIFT: ids and tags in `//` comments, texts as `[markdown]`.

    Ordering questions (any type without a GIFT form) become a comment; a scenario
    becomes a description (its case) followed by its questions, each tagged
    with the scenario id. Points other than 1 go into a `[points:N]` comment
    and pinned choices into `[pinned:N]` (N counts choices from 1); Moodle
    ignores both.
    """
    blocks = [f"// {bank.title} ({bank.id}), exported from the LMS"]
    for item in bank.items:
        if isinstance(item, Scenario):
            blocks += _export_scenario(item)
        else:
            blocks.append(_export_question(item))
    return "\n\n".join(blocks) + "\n"
