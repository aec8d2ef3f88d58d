"""Exercises as stored with a lesson text (JSON), and where they go in its HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from lms.content.schema import Exercise

#: What the lesson HTML holds where exercise number `index` (from 0) goes.
SLOT = '<div class="exercise-slot" id="exercise-slot-{index}"></div>'
_SLOT_HTML = re.compile(r'<div class="exercise-slot" id="exercise-slot-(\d+)"></div>')


def exercises_to_json(exercises: Sequence[Exercise]) -> str:
    return json.dumps(
        [
            {
                "key": e.key,
                "title": e.title,
                "kind": e.kind,
                "options": list(e.options),
                "prompt_html": e.prompt_html,
                "answer_html": e.answer_html,
            }
            for e in exercises
        ],
        ensure_ascii=False,
    )


def exercises_from_json(text: str) -> tuple[Exercise, ...]:
    items = json.loads(text or "[]")
    return tuple(
        Exercise(
            key=str(item["key"]),
            title=str(item["title"]),
            kind="choice" if item["kind"] == "choice" else "text",
            options=tuple(str(option) for option in item["options"]),
            prompt_html=str(item["prompt_html"]),
            answer_html=str(item["answer_html"]),
        )
        for item in items
    )


def split_html(html: str) -> list[str | int]:
    """Rendered HTML as chunks of HTML (str) and exercise positions (int)."""
    parts: list[str | int] = []
    position = 0
    for match in _SLOT_HTML.finditer(html):
        parts.append(html[position : match.start()])
        parts.append(int(match.group(1)))
        position = match.end()
    parts.append(html[position:])
    return parts
