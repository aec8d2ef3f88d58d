"""A second opinion on GIFT: the npm package gift-pegjs must read what we read.

Needs Node and gift-pegjs, e.g. `npm install --prefix tests/quiz/gift/node gift-pegjs`
(or point GIFT_PEGJS_DIR at a folder whose node_modules holds it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.schema import Bank
from lms.quiz.gift.convert import export_gift, import_gift
from tests.quiz.banks import SAMPLE, parse_ok

DATA = Path(__file__).parent / "data" / "customer_service.gift"
MODULES = Path(os.environ.get("GIFT_PEGJS_DIR", Path(__file__).parent / "node"))
SCRIPT = """
const gift = require('gift-pegjs');
const text = require('fs').readFileSync(0, 'utf8');
const out = gift.parse(text).filter(q => !['Category', 'Description', 'Essay']
  .includes(q.type)).map(q => {
  const list = Array.isArray(q.choices) ? q.choices : [];
  return {
    type: q.type,
    choices: list.map(c => [c.weight, c.feedback ? c.feedback.text : null]),
    pairs: (q.matchPairs || []).map(p => [p.subquestion.text, p.subanswer]),
    general: q.globalFeedback ? q.globalFeedback.text : null,
  };
});
process.stdout.write(JSON.stringify(out));
"""
TYPES = {
    "single": "MC",
    "multiple": "MC",
    "truefalse": "TF",
    "short": "Short",
    "numeric": "Numerical",
    "matching": "Matching",
}


def _pegjs(text: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (MODULES / "node_modules" / "gift-pegjs").is_dir():
        pytest.skip(f"gift-pegjs is not installed in {MODULES}")
    result = subprocess.run(  # noqa: S603 - fixed script, our own input
        [node, "-e", SCRIPT],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=MODULES,
        timeout=60,
    )
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


def _ours(bank: Bank) -> list[dict[str, Any]]:
    summary = []
    for q in bank.questions():
        if q.type == "ordering":
            continue
        answers: list[list[Any]] = []
        if q.type in ("single", "multiple"):
            answers = [[c.weight, c.feedback_md or None] for c in q.choices]
        if q.type == "multiple" and all(c.weight is None for c in q.choices):
            # Our default shares, written out as GIFT weights on export.
            share = 100 / sum(c.correct for c in q.choices)
            answers = [
                [share if c.correct else -share, c.feedback_md or None]
                for c in q.choices
            ]
        elif q.type == "short":
            answers = [[a.weight, a.feedback_md or None] for a in q.accepted]
        elif q.type == "numeric":
            answers = [[a.weight, a.feedback_md or None] for a in q.numeric]
        summary.append(
            {
                "type": TYPES[q.type],
                "choices": answers,
                "pairs": [[p.left_md or "", p.right_md] for p in q.pairs],
                "general": q.general_feedback_md or None,
            }
        )
    return summary


def _comparable(summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # gift-pegjs leaves out the weight of "=" answers and of single numerics.
    for question in summary:
        question["choices"] = [[w, fb] for w, fb in question["choices"] if w or fb]
    return summary


def test_gift_pegjs_reads_the_sample_like_we_do() -> None:
    text = DATA.read_text("utf-8")
    markdown, _ = import_gift(text, "x.gift")
    bank = parse_ok(markdown, "quizzes/demo/x.md")
    assert _comparable(_pegjs(text)) == _comparable(_ours(bank))


def test_gift_pegjs_reads_our_export() -> None:
    bank, _ = parse_bank(SAMPLE, "quizzes/demo/telephone.md")
    assert bank is not None
    exported = export_gift(bank)
    theirs = _pegjs(exported)
    assert _comparable(theirs) == _comparable(_ours(bank))
