"""Turn one question heading block into a checked `Question`."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from lms.content.schema import N_
from lms.quiz.bank.answers import KIND_NAMES, split_body
from lms.quiz.bank.blocks import Attrs, Block
from lms.quiz.bank.entries import Context
from lms.quiz.bank.render import render_block
from lms.quiz.bank.schema import Problem, Question, QuestionType
from lms.quiz.bank.types import HANDLERS, QUESTION_TYPES, infer_type

QUESTION_ID = re.compile(r"^q-[a-z0-9]+(?:-[a-z0-9]+)*$")
# Marks a question for exams only; not a type.
EXAM_ONLY_CLASS = "exam-only"


def _heading_options(
    attrs: Attrs, ctx: Context, line: int
) -> tuple[list[QuestionType], tuple[str, ...], float]:
    types = [t for t in QUESTION_TYPES if t in attrs.classes]
    for cls in attrs.classes:
        if cls not in QUESTION_TYPES and cls != EXAM_ONLY_CLASS:
            known = ", ".join("." + t for t in QUESTION_TYPES)
            ctx.say(
                line,
                N_("unknown class '.%(cls)s' (types: %(known)s)", cls=cls, known=known),
            )
    if len(types) > 1:
        ctx.say(
            line,
            N_(
                "more than one type class: %(types)s",
                types=" ".join("." + t for t in types),
            ),
        )
    for bad in attrs.bad:
        ctx.say(line, N_("cannot read '%(bad)s' in the heading's {...}", bad=bad))
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
                    N_(
                        "points must be a positive number, not '%(value)s'", value=value
                    ),
                )
                points = 1.0
        elif key != "tags":
            ctx.say(
                line, N_("unknown option '%(key)s=' (known: tags, points)", key=key)
            )
    return types, tags, points


def build_question(block: Block, path: str) -> tuple[Question, list[Problem]]:
    """Parse a question heading and body; every problem found is returned."""
    qid = block.attrs.id or ""
    ctx = Context(path, N_("question %(id)s", id=qid) if qid else N_("question"))
    if not qid:
        ctx.add(
            block.line, N_("question has no id: end the heading with {#q-some-name}")
        )
    elif not QUESTION_ID.match(qid):
        ctx.add(
            block.line,
            N_(
                "question id '%(id)s' must start with 'q-' and use lowercase "
                "letters, digits and dashes",
                id=qid,
            ),
        )
    types, tags, points = _heading_options(block.attrs, ctx, block.line)
    body = split_body(block.body)
    for number, text in body.stray:
        ctx.say(
            number,
            N_(
                "unexpected text after the answers: %(text)s",
                text=repr(text.strip()[:40]),
            ),
        )
    stem_rest = "\n".join(body.stem).strip()
    stem_md = f"{block.text}\n\n{stem_rest}".strip()
    if not stem_md:
        ctx.say(block.line, N_("the stem (heading text) is empty"))
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
        exam_only=EXAM_ONLY_CLASS in block.attrs.classes,
    )
    if body.kind is None:
        ctx.say(
            block.line,
            N_(
                "no answers: add task-list choices, '= answer' lines, a numbered "
                "list or 'left -> right' lines"
            ),
        )
        return question, ctx.problems
    if types and HANDLERS[types[0]].kind != body.kind:
        ctx.say(
            block.line,
            N_(
                ".%(type)s does not fit %(kind)s",
                type=types[0],
                kind=KIND_NAMES[body.kind],
            ),
        )
        return question, ctx.problems
    if not types:
        qtype = infer_type(body.kind, body.entries, ctx) or qtype
    question = replace(question, type=qtype)
    return HANDLERS[qtype].build(question, body.entries, ctx), ctx.problems
