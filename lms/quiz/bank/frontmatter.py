"""Read and check the YAML front matter of a bank into `BankSettings`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from lms.content.schema import N_
from lms.quiz.bank.blocks import Line
from lms.quiz.bank.schema import (
    BankSettings,
    ExamPools,
    Grading,
    Problem,
    Review,
    ReviewWhen,
)

BANK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEYS = (
    "id", "title", "pass_mark", "attempts", "delay_minutes", "time_limit_minutes",
    "draw", "questions_per_page", "shuffle_questions", "shuffle_choices",
    "grading", "review", "review_when", "include", "exam_only", "exam_pools",
)  # fmt: skip
REQUIRED = ("id", "title", "pass_mark")
TRANSLATION_KEYS = ("title",)
_CHOICES: dict[str, tuple[str, ...]] = {
    "grading": ("highest", "last"),
    "review": ("score", "answers", "feedback"),
    "review_when": ("immediately", "passed", "last_attempt"),
    "exam_pools": ("any", "exam_only"),
}


@dataclass
class FrontMatter:
    """What the front matter gave; ``body`` is every line after it."""

    id: str = ""
    title: str = ""
    settings: BankSettings = field(default_factory=BankSettings)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: list[Line] = field(default_factory=list)


def _split(
    lines: list[Line], path: str
) -> tuple[list[Line], list[Line], Problem | None]:
    if not lines or lines[0][1].strip() != "---":
        problem = Problem(
            path, 1, N_("the file must start with front matter between '---' lines")
        )
        return [], lines, problem
    for index in range(1, len(lines)):
        if lines[index][1].strip() in ("---", "..."):
            return lines[1:index], lines[index + 1 :], None
    problem = Problem(path, 1, N_("the front matter has no closing '---' line"))
    return [], lines, problem


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_value(key: str, value: Any) -> str | None:
    """An author-facing complaint about ``value`` for ``key``, or None if fine."""
    checks: dict[str, Callable[[Any], bool]] = {
        "id": lambda v: isinstance(v, str) and bool(BANK_ID.match(v)),
        "title": lambda v: isinstance(v, str) and bool(v.strip()),
        "pass_mark": lambda v: _is_number(v) and 0 <= v <= 100,
        "attempts": lambda v: v == "unlimited" or (_is_int(v) and v >= 1),
        "delay_minutes": lambda v: _is_int(v) and v >= 0,
        "time_limit_minutes": lambda v: v in (None, "none") or (_is_int(v) and v >= 1),
        "questions_per_page": lambda v: _is_int(v) and v >= 0,
        "shuffle_questions": lambda v: isinstance(v, bool),
        "shuffle_choices": lambda v: isinstance(v, bool),
        "exam_only": lambda v: isinstance(v, bool),
        "draw": lambda v: (
            (_is_int(v) and v >= 1)
            or (
                isinstance(v, dict)
                and bool(v)
                and all(
                    isinstance(t, str) and _is_int(n) and n >= 1 for t, n in v.items()
                )
            )
        ),
        "include": lambda v: (
            isinstance(v, list)
            and all(isinstance(i, str) and BANK_ID.match(i) for i in v)
        ),
    }
    wanted = {
        "id": N_("lowercase letters, digits and dashes, e.g. telephone-etiquette"),
        "title": N_("a non-empty text"),
        "pass_mark": N_("a percentage from 0 to 100"),
        "attempts": N_("a number of at least 1 or 'unlimited'"),
        "delay_minutes": N_("a whole number of minutes, 0 or more"),
        "time_limit_minutes": N_("a whole number of minutes or 'none'"),
        "questions_per_page": N_("a whole number, 0 for all on one page"),
        "shuffle_questions": N_("true or false"),
        "shuffle_choices": N_("true or false"),
        "exam_only": N_("true or false"),
        "draw": N_("a number of at least 1, or per tag like {phone: 4, email: 4}"),
        "include": N_("a list of bank ids, e.g. [telephone-etiquette]"),
    }
    if key in _CHOICES:
        if value in _CHOICES[key]:
            return None
        return N_(
            "'%(key)s' must be one of %(choices)s, not %(value)s",
            key=key,
            choices=", ".join(_CHOICES[key]),
            value=repr(value),
        )
    if checks[key](value):
        return None
    return N_(
        "'%(key)s' must be %(wanted)s, not %(value)s",
        key=key,
        wanted=wanted[key],
        value=repr(value),
    )


def _settings(data: Mapping[str, Any]) -> BankSettings:
    defaults = BankSettings()
    attempts = data.get("attempts", "unlimited")
    limit = data.get("time_limit_minutes")
    draw = data.get("draw")
    return BankSettings(
        pass_mark=float(data.get("pass_mark", defaults.pass_mark)),
        attempts=None if attempts == "unlimited" else int(attempts),
        delay_minutes=int(data.get("delay_minutes", defaults.delay_minutes)),
        time_limit_minutes=None if limit in (None, "none") else int(limit),
        draw=dict(draw) if isinstance(draw, dict) else draw,
        questions_per_page=int(data.get("questions_per_page", 0)),
        shuffle_questions=bool(data.get("shuffle_questions", False)),
        shuffle_choices=bool(data.get("shuffle_choices", False)),
        grading=cast(Grading, data.get("grading", defaults.grading)),
        review=cast(Review, data.get("review", defaults.review)),
        review_when=cast(ReviewWhen, data.get("review_when", defaults.review_when)),
        include=tuple(data.get("include", ())),
        exam_only=bool(data.get("exam_only", False)),
        exam_pools=cast(ExamPools, data.get("exam_pools", defaults.exam_pools)),
    )


def parse_front_matter(
    lines: list[Line], path: str, *, translation: bool = False
) -> tuple[FrontMatter, list[Problem]]:
    """Read the front matter; bad or unknown keys are problems, not errors."""
    head, body, problem = _split(lines, path)
    result = FrontMatter(body=body)
    if problem is not None:
        return result, [problem]
    start = lines[0][0]
    for number, text in head:
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", text)
        if match:
            result.key_lines.setdefault(match.group(1), number)
    try:
        data = yaml.safe_load("\n".join(text for _, text in head))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = start + 1 + (mark.line if mark is not None else 0)
        reason = getattr(error, "problem", None) or "unreadable"
        return result, [
            Problem(
                path,
                line,
                N_("front matter is not valid YAML: %(reason)s", reason=reason),
            )
        ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        message = N_("front matter must be 'key: value' lines")
        return result, [Problem(path, start, message)]
    problems: list[Problem] = []
    allowed = TRANSLATION_KEYS if translation else KEYS
    good: dict[str, Any] = {}
    for key, value in data.items():
        line = result.key_lines.get(str(key), start)
        if key not in allowed:
            if translation and key in KEYS:
                message = N_(
                    "a translation may only set 'title'; '%(key)s' comes from "
                    "the original",
                    key=key,
                )
            else:
                message = N_(
                    "unknown front matter key '%(key)s' (known: %(known)s)",
                    key=key,
                    known=", ".join(allowed),
                )
            problems.append(Problem(path, line, message))
            continue
        complaint = _check_value(key, value)
        if complaint is None:
            good[key] = value
        else:
            problems.append(Problem(path, line, complaint))
    required = () if translation else REQUIRED
    for key in required:
        if key not in data:
            message = N_("front matter is missing '%(key)s'", key=key)
            problems.append(Problem(path, start, message))
    result.id = str(good.get("id", ""))
    result.title = str(good.get("title", "")).strip()
    result.settings = _settings(good)
    return result, problems
