"""Splitting a Markdown file into YAML front matter and body, with file lines."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

import yaml

from lms.content.schema import N_, Problem

_FENCE = "---"


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice instead of keeping the last one."""

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[object, object]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key '{key_node.value}' is given twice",
                    key_node.start_mark,
                )
            seen.add(key_node.value)
        return dict(super().construct_mapping(node, deep=deep))


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(
    text: str, path: str
) -> tuple[dict[str, object], str, int, list[Problem]]:
    """Return (front matter, body, line number of the body's first line, problems).

    Never raises: bad YAML and a missing front matter become problems, with the
    line in the file where YAML found the error.
    """
    lines = normalize_newlines(text).split("\n")
    if lines[0].strip() != _FENCE:
        message = N_(
            "missing front matter: the file must start with a line '---', "
            "then the keys (title: ...), then another '---'"
        )
        return {}, "\n".join(lines), 1, [Problem(path, 1, message)]
    closing = next(
        (index for index, line in enumerate(lines[1:], 1) if line.strip() == _FENCE),
        None,
    )
    if closing is None:
        message = N_("front matter is not closed: add a line '---' after the last key")
        return {}, "", len(lines) + 1, [Problem(path, 1, message)]
    body = "\n".join(lines[closing + 1 :])
    meta, problems = _parse_yaml("\n".join(lines[1:closing]), path)
    return meta, body, closing + 2, problems


def _parse_yaml(yaml_text: str, path: str) -> tuple[dict[str, object], list[Problem]]:
    """Parse front matter whose first line is line 2 of the file."""
    meta, problems = _parse_yaml_cached(yaml_text, path)
    return copy.deepcopy(meta), list(problems)


@lru_cache(maxsize=8_000)
def _parse_yaml_cached(
    yaml_text: str, path: str
) -> tuple[dict[str, object], tuple[Problem, ...]]:
    """_parse_yaml, cached by the text (callers get copies): a re-check parses
    only the front matter that changed."""
    meta, problems = _parse_yaml_uncached(yaml_text, path)
    return meta, tuple(problems)


def _parse_yaml_uncached(
    yaml_text: str, path: str
) -> tuple[dict[str, object], list[Problem]]:
    try:
        data = yaml.load(yaml_text, Loader=_StrictLoader)  # noqa: S506 (safe loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        detail = error.problem or error.context or "unreadable"
        hint = yaml_hint(detail, yaml_text.split("\n"), line - 2)
        message = (
            N_(
                "invalid YAML in the front matter: %(detail)s. %(hint)s",
                detail=detail,
                hint=hint,
            )
            if hint
            else N_("invalid YAML in the front matter: %(detail)s", detail=detail)
        )
        return {}, [Problem(path, line, message)]
    except yaml.YAMLError as error:
        message = N_("invalid YAML in the front matter: %(detail)s", detail=str(error))
        return {}, [Problem(path, 1, message)]
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # PyYAML raises plain errors for values it cannot build, e.g. 2024-13-45.
        message = N_("invalid value in the front matter: %(error)s", error=str(error))
        return {}, [Problem(path, 1, message)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        message = N_("front matter must be 'key: value' lines, like 'title: Welcome'")
        return {}, [Problem(path, 2, message)]
    return {str(key): value for key, value in data.items()}, []


def yaml_hint(detail: str, lines: list[str], index: int) -> str:
    """What to do about the common YAML mistakes, or "" for the others."""
    here = lines[index] if 0 <= index < len(lines) else ""
    if "\t" in here or "'\\t'" in detail or "\t" in detail:
        return N_("Indent with spaces, not tabs")
    if "mapping values are not allowed" in detail:
        key = here.split(":", 1)[0].strip() or "title"
        return N_(
            "A colon followed by a space inside a value ends it: put the value "
            'in quotes, like %(key)s: "..."',
            key=key,
        )
    if any(line.startswith("#") or line.startswith("- [") for line in lines[1:]):
        return N_("Is the closing '---' missing after the last key?")
    return ""


def find_key_line(text: str, key: str, parent: str | None = None) -> int:
    """Line of `key:` in the front matter of `text` (nested under `parent`), else 1.

    A scan of the text rather than YAML marks, so it also works on files whose
    YAML does not parse; the first match wins, the one an author sees first.
    """
    lines = _front_matter_lines(text)
    if parent is None:
        return next((number for number, line in lines if _is_key(line, key)), 1)
    parent_at = next(
        (index for index, (_, line) in enumerate(lines) if _is_key(line, parent)),
        None,
    )
    if parent_at is None:
        return 1
    parent_number = lines[parent_at][0]
    for number, line in lines[parent_at + 1 :]:
        if line.strip() and not line[:1].isspace():
            break
        if _is_key(line.lstrip(), key):
            return number
    return parent_number


def _front_matter_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines between the two '---' fences."""
    lines = normalize_newlines(text).split("\n")
    if lines[0].strip() != _FENCE:
        return []
    found: list[tuple[int, str]] = []
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == _FENCE:
            break
        found.append((number, line))
    return found


def _is_key(line: str, key: str) -> bool:
    """Whether the unindented `line` starts with `key:`, the key maybe quoted."""
    return re.match(rf"""(["']?){re.escape(key)}\1\s*:""", line) is not None
