"""Turn one question heading block into a checked `Question`."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from lms.quiz.bank.answers import KIND_NAMES, Entry, Kind, split_body
from lms.quiz.bank.blocks import Attrs, Block, split_trailing_attrs
from lms.quiz.bank.entries import (
    NUMERIC_HELP,
    Context,
    build_choices,
    check_choices,
    entry_attrs,
    entry_feedback,
    parse_numeric,
)
from lms.quiz.bank.render import render_block, render_inline
from lms.quiz.bank.schema import (
    QUESTION_TYPES,
    Answer,
    MatchPair,
    NumericAnswer,
    OrderItem,
    Problem,
    Question,
    QuestionType,
)

QUESTION_ID = re.compile(r"^q-[a-z0-9]+(?:-[a-z0-9]+)*$")
_TYPE_CLASSES = ", ".join("." + t for t in QUESTION_TYPES)
_NUMERIC_INTENT = re.compile(r"^[-+]?\.?\d.*(?:\+-|±|\.\.)")
KIND_TYPES: dict[Kind, tuple[QuestionType, ...]] = {
    "task": ("single", "multiple", "truefalse"),
    "eq": ("short", "numeric"),
    "match": ("matching",),
    "ordered": ("ordering",),
}


def _eq_answers(
    qtype: QuestionType, entries: list[Entry], ctx: Context, line: int
) -> tuple[tuple[Answer, ...], tuple[NumericAnswer, ...]]:
    accepted: list[Answer] = []
    numeric: list[NumericAnswer] = []
    for entry in entries:
        text, _, weight = entry_attrs(entry, ctx)
        feedback_md, feedback_html = entry_feedback(entry)
        if weight is not None and weight < 0:
            ctx.say(entry.line, "an answer's weight must be from 0 to 100")
        if not text:
            ctx.say(entry.line, "empty answer after '='")
        elif qtype == "short":
            accepted.append(Answer(text, weight, feedback_html, feedback_md))
        elif (key := parse_numeric(text)) is None:
            ctx.say(
                entry.line,
                f"bad numeric answer '= {text}' ({NUMERIC_HELP})",
            )
        else:
            numeric.append(
                replace(
                    key,
                    weight=weight,
                    feedback_html=feedback_html,
                    feedback_md=feedback_md,
                )
            )
    weights = [a.weight for a in accepted] + [a.weight for a in numeric]
    if weights and all(w is not None and w < 100 for w in weights):
        ctx.say(line, "at least one answer must be worth 100 (no weight)")
    return tuple(accepted), tuple(numeric)


def _infer_eq(entries: list[Entry], ctx: Context) -> QuestionType:
    texts = [split_trailing_attrs(e.text[-1])[0].strip() for e in entries]
    if texts and all(parse_numeric(t) is not None for t in texts):
        return "numeric"
    for entry, text in zip(entries, texts, strict=True):
        if _NUMERIC_INTENT.match(text) and parse_numeric(text) is None:
            ctx.say(
                entry.line,
                f"bad numeric answer '= {text}' ({NUMERIC_HELP}; "
                "add .short if it is text)",
            )
    return "short"


def _items(entries: list[Entry], ctx: Context) -> tuple[OrderItem, ...]:
    items = []
    for number, entry in enumerate(entries, start=1):
        text, _, _ = entry_attrs(entry, ctx)
        if not text:
            ctx.say(entry.line, f"item {number} is empty")
        items.append(OrderItem(f"o{number}", render_inline(text), text))
    return tuple(items)


def _pairs(entries: list[Entry], ctx: Context) -> tuple[MatchPair, ...]:
    pairs: list[MatchPair] = []
    right_ids: dict[str, str] = {}
    lefts = 0
    for entry in entries:
        right, _, _ = entry_attrs(entry, ctx)
        if not right:
            ctx.say(entry.line, "'-> right' side is empty")
        right_id = right_ids.setdefault(right, f"r{len(right_ids) + 1}")
        left_id, left_html = None, None
        if entry.left:
            lefts += 1
            left_id, left_html = f"m{lefts}", render_inline(entry.left)
        pair = MatchPair(
            left_id,
            left_html,
            right_id,
            render_inline(right),
            entry.left or None,
            right,
        )
        pairs.append(pair)
    return tuple(pairs)


def _heading_options(
    attrs: Attrs, ctx: Context, line: int
) -> tuple[list[QuestionType], tuple[str, ...], float]:
    types = [t for t in QUESTION_TYPES if t in attrs.classes]
    for cls in attrs.classes:
        if cls not in QUESTION_TYPES:
            ctx.say(
                line,
                f"unknown class '.{cls}' (types: {_TYPE_CLASSES})",
            )
    if len(types) > 1:
        ctx.say(
            line,
            f"more than one type class: {' '.join('.' + t for t in types)}",
        )
    for bad in attrs.bad:
        ctx.say(line, f"cannot read '{bad}' in the heading's {{...}}")
    tags = tuple(attrs.values.get("tags", "").split())
    points = 1.0
    for key, value in attrs.values.items():
        if key == "points":
            try:
                points = float(value)
            except ValueError:
                points = math.nan
            if not (points > 0 and math.isfinite(points)):
                ctx.say(
                    line,
                    f"points must be a positive number, not '{value}'",
                )
                points = 1.0
        elif key != "tags":
            ctx.say(line, f"unknown option '{key}=' (known: tags, points)")
    return types, tags, points


def build_question(block: Block, path: str) -> tuple[Question, list[Problem]]:
    """Parse a question heading and body; every problem found is returned."""
    qid = block.attrs.id or ""
    ctx = Context(path, f"question {qid}" if qid else "question")
    if not qid:
        ctx.add(block.line, "question has no id: end the heading with {#q-some-name}")
    elif not QUESTION_ID.match(qid):
        ctx.add(
            block.line,
            f"question id '{qid}' must start with 'q-' and use lowercase "
            "letters, digits and dashes",
        )
    types, tags, points = _heading_options(block.attrs, ctx, block.line)
    body = split_body(block.body)
    for number, text in body.stray:
        ctx.say(
            number,
            f"unexpected text after the answers: {text.strip()[:40]!r}",
        )
    stem_rest = "\n".join(body.stem).strip()
    stem_md = f"{block.text}\n\n{stem_rest}".strip()
    if not stem_md:
        ctx.say(block.line, "the stem (heading text) is empty")
    general_md = "\n".join(body.general_feedback).strip()
    qtype: QuestionType = types[0] if types else "single"
    question = Question(
        qid,
        qtype,
        render_block(stem_md),
        points,
        tags,
        general_feedback_html=render_block(general_md),
        line=block.line,
        stem_md=stem_md,
        general_feedback_md=general_md,
    )
    if body.kind is None:
        ctx.say(
            block.line,
            "no answers: add task-list choices, '= answer' lines, a numbered "
            "list or 'left -> right' lines",
        )
        return question, ctx.problems
    if types and types[0] not in KIND_TYPES[body.kind]:
        ctx.say(block.line, f".{types[0]} does not fit {KIND_NAMES[body.kind]}")
        return question, ctx.problems
    entries = body.entries
    if body.kind == "task":
        choices = build_choices(entries, ctx)
        if not types:
            qtype = "multiple" if sum(c.correct for c in choices) > 1 else "single"
        check_choices(qtype, choices, ctx, block.line)
        return replace(question, type=qtype, choices=choices), ctx.problems
    if body.kind == "eq":
        if not types:
            qtype = _infer_eq(entries, ctx)
        accepted, numeric = _eq_answers(qtype, entries, ctx, block.line)
        return replace(
            question, type=qtype, accepted=accepted, numeric=numeric
        ), ctx.problems
    if body.kind == "ordered":
        items = _items(entries, ctx)
        if len(items) < 2:
            ctx.say(
                block.line,
                f"an ordering question needs at least 2 items, found {len(items)}",
            )
        return replace(question, type="ordering", items=items), ctx.problems
    pairs = _pairs(entries, ctx)
    real = sum(p.left_id is not None for p in pairs)
    if real < 2:
        ctx.say(
            block.line,
            f"a matching question needs at least 2 'left -> right' pairs, found {real}",
        )
    return replace(question, type="matching", pairs=pairs), ctx.problems
