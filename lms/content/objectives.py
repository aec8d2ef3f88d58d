"""A lesson's learning objectives (`objectives:`): one to three short phrases."""

from __future__ import annotations

from lms.content.fields import FieldReader, describe
from lms.content.frontmatter import find_key_line, normalize_newlines
from lms.content.schema import Problem

MAX_OBJECTIVES = 3
MAX_LENGTH = 200
_KEY = "objectives"


def _item_line(fields: FieldReader, index: int) -> int:
    """Line of the `index`-th `- ` item below `objectives:`, else the key's line."""
    key_line = find_key_line(fields.text_of_file, _KEY)
    lines = normalize_newlines(fields.text_of_file).split("\n")
    items = 0
    for number in range(key_line + 1, len(lines) + 1):
        line = lines[number - 1]
        is_item = line.lstrip().startswith("-") and line.strip() != "---"
        if not is_item and line.strip() and not line[:1].isspace():
            break  # the next key or the closing fence
        if is_item:
            if items == index:
                return number
            items += 1
    return key_line


def read_objectives(
    fields: FieldReader, original: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The objectives of a lesson file; None when they are wrong (reported).

    `original` is None when reading the original itself, else the original's
    objectives, which a translation must translate one for one.
    """
    value = fields.meta.get(_KEY)
    if value is None:
        if _KEY in fields.meta:
            fields.report(_KEY, "'objectives' is empty; list 1 to 3 phrases or drop it")
            return None
        if original:
            message = (
                f"missing 'objectives': the original lesson has {len(original)}; "
                "translate each one here"
            )
            fields.problems.append(Problem(fields.path, 1, message))
            return None
        return ()
    if original is not None and not original:
        fields.report(
            _KEY,
            "the original lesson has no 'objectives'; add them there first, then "
            "translate them here",
        )
        return None
    if not isinstance(value, list):
        fields.report(
            _KEY,
            "'objectives' must be a list of 1 to 3 phrases, each on a line "
            f"starting with '- ', not {describe(value)}",
        )
        return None
    if not 1 <= len(value) <= MAX_OBJECTIVES:
        fields.report(
            _KEY,
            f"'objectives' must list 1 to {MAX_OBJECTIVES} phrases, not {len(value)}; "
            "keep the most important ones",
        )
        return None
    found = []
    for index, item in enumerate(value):
        problem = _item_problem(item)
        if problem:
            line = _item_line(fields, index)
            message = f"objective {index + 1} {problem}"
            fields.problems.append(Problem(fields.path, line, message))
        else:
            found.append(str(item).strip())
    if len(found) < len(value):
        return None
    if original and len(found) != len(original):
        fields.report(
            _KEY,
            f"the translation lists {len(found)} objective(s) but the original "
            f"lesson has {len(original)}; translate each one",
        )
        return None
    return tuple(found)


def _item_problem(item: object) -> str | None:
    if not isinstance(item, str):
        return f"must be text, not {describe(item)}; put it in quotes"
    if not item.strip():
        return "is empty"
    if "\n" in item.strip():
        return "must be one line"
    if len(item.strip()) > MAX_LENGTH:
        return (
            f"is {len(item.strip())} characters long; at most {MAX_LENGTH} are allowed"
        )
    return None
