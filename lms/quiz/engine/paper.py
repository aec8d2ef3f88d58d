"""What an attempt shows the browser, and how its form fields become responses.

Everything here is built from drawn questions but carries no key: no
``correct`` flags, no feedback, no accepted answers, no matching pairs. The
templates only ever receive these views, so the key cannot leak into a page.

Nor can it leak through identifiers: the bank's ids (``c1``, ``o1``, ``m1``,
``r1``) are numbered in the author's order, which is the key of an ordering
question and of a matching pair. The page names every option by an opaque id
instead, an HMAC of the question and option ids keyed by the attempt's secret
(`option_ids`); `to_bank_ids` maps a response from the form back, and stored
answers keep the bank's ids.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lms.quiz.bank.types import HANDLERS, handler_for
from lms.quiz.bank.types.base import FIELD_PREFIX, Option, QuestionView
from lms.quiz.bank.types.ordering import IncompleteOrder
from lms.quiz.engine.draw import DrawnItem, DrawnQuestion, DrawnScenario
from lms.quiz.engine.grading import InvalidResponse, Response, grade_question

__all__ = [
    "FIELD_PREFIX",
    "Block",
    "IncompleteOrder",
    "Option",
    "QuestionView",
    "ScenarioView",
    "check_response",
    "decode",
    "encode",
    "option_ids",
    "pages",
    "paper",
    "questions_of",
    "response_from_fields",
    "to_bank_ids",
    "to_page_ids",
    "unknown_fields",
]

# 9 bytes of the HMAC: 12 URL-safe characters, 72 bits.
_ID_BYTES = 9


def _opaque_id(secret: bytes, question_id: str, option_id: str) -> str:
    message = f"{question_id}\x00{option_id}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()[:_ID_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def option_ids(drawn: DrawnQuestion, secret: bytes) -> dict[str, str]:
    """Bank id -> the attempt page's opaque id, for every option of the question."""
    question = drawn.question
    bank_ids = [c.id for c in question.choices]
    bank_ids += [i.id for i in question.items]
    bank_ids += [p.left_id for p in question.pairs if p.left_id is not None]
    bank_ids += [rid for rid, _ in question.right_options]
    ids = {bid: _opaque_id(secret, question.id, bid) for bid in bank_ids}
    if len(set(ids.values())) != len(ids):  # pragma: no cover - 72-bit collision
        raise ValueError(f"{question.id}: opaque ids collide")
    return ids


def to_bank_ids(drawn: DrawnQuestion, secret: bytes, response: Response) -> Response:
    """A response read from the page in the bank's ids; InvalidResponse for ids
    that this attempt never showed (tampered, or from another attempt)."""
    back = {opaque: bid for bid, opaque in option_ids(drawn, secret).items()}
    return handler_for(drawn.question.type).translate(response, back)


def to_page_ids(drawn: DrawnQuestion, secret: bytes, response: Response) -> Response:
    """A stored response in the page's opaque ids (to show it as saved)."""
    ids = option_ids(drawn, secret)
    return handler_for(drawn.question.type).translate(response, ids)


@dataclass(frozen=True)
class ScenarioView:
    id: str
    title_html: str
    case_html: str
    questions: tuple[QuestionView, ...]


Block = QuestionView | ScenarioView


def _question_view(drawn: DrawnQuestion, number: int, secret: bytes) -> QuestionView:
    question = drawn.question
    ids = option_ids(drawn, secret)
    choices = {c.id: c for c in question.choices}
    items = {i.id: i for i in question.items}
    rights = dict(question.right_options)
    return QuestionView(
        id=question.id,
        number=number,
        type=question.type,
        stem_html=question.stem_html,
        points=question.points,
        choices=tuple(
            Option(ids[cid], choices[cid].text_html)
            for cid in (drawn.choice_order or tuple(choices))
        ),
        items=tuple(
            Option(ids[iid], items[iid].text_html)
            for iid in (drawn.item_order or tuple(items))
        ),
        lefts=tuple(
            Option(ids[p.left_id], p.left_html or "")
            for p in question.pairs
            if p.left_id is not None
        ),
        rights=tuple(
            Option(ids[rid], rights[rid])
            for rid in (drawn.right_order or tuple(rights))
        ),
        template=handler_for(question.type).template,
    )


def paper(items: Sequence[DrawnItem], secret: bytes) -> list[Block]:
    """The drawn items as key-free views, questions numbered in display order.

    Options carry the opaque ids made with ``secret`` (see `option_ids`).
    """
    blocks: list[Block] = []
    number = 0
    for item in items:
        if isinstance(item, DrawnScenario):
            views = []
            for drawn in item.questions:
                number += 1
                views.append(_question_view(drawn, number, secret))
            blocks.append(
                ScenarioView(
                    item.scenario.id,
                    item.scenario.title_html,
                    item.scenario.case_html,
                    tuple(views),
                )
            )
        else:
            number += 1
            blocks.append(_question_view(item, number, secret))
    return blocks


def questions_of(blocks: Iterable[Block]) -> list[QuestionView]:
    found: list[QuestionView] = []
    for block in blocks:
        found.extend(block.questions if isinstance(block, ScenarioView) else [block])
    return found


def pages(blocks: Sequence[Block], per_page: int) -> list[list[Block]]:
    """Blocks split into pages of about ``per_page`` questions; scenarios stay whole."""
    if per_page <= 0:
        return [list(blocks)]
    result: list[list[Block]] = [[]]
    count = 0
    for block in blocks:
        size = len(block.questions) if isinstance(block, ScenarioView) else 1
        if count and count + size > per_page:
            result.append([])
            count = 0
        result[-1].append(block)
        count += size
    return result


def response_from_fields(
    question: QuestionView, values: Mapping[str, Sequence[str]]
) -> Response:
    """One question's response from its form fields (``a-<id>``, ``a-<id>-<part>``)."""
    handler = HANDLERS.get(question.type)
    if handler is None:
        raise InvalidResponse(f"{question.id}: unknown type {question.type}")
    return handler.read_fields(question, values)


def check_response(question: DrawnQuestion, response: Response) -> None:
    """Raise InvalidResponse unless the response fits the question's ids."""
    grade_question(question.question, response)


def unknown_fields(keys: Iterable[str], questions: Iterable[QuestionView]) -> list[str]:
    """Answer fields that belong to no question on the page (a tampered form)."""
    known: set[str] = set()
    for question in questions:
        known.update(handler_for(question.type).field_names(question))
    return sorted(k for k in keys if k.startswith(FIELD_PREFIX) and k not in known)


def encode(response: Response) -> str:
    if isinstance(response, (set, frozenset)):
        return json.dumps(sorted(response))
    if isinstance(response, Mapping):
        return json.dumps(dict(sorted(response.items())))
    if isinstance(response, tuple):
        return json.dumps(list(response))
    return json.dumps(response)


def decode(question_type: str, text: str) -> Response:
    """A stored response; an unknown type (a question gone) gets plain JSON."""
    value = json.loads(text)
    handler = HANDLERS.get(question_type)
    if handler is None:
        return value  # type: ignore[no-any-return]
    return handler.from_json(value)
