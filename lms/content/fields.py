"""Reading front-matter keys with type checks that report problems, not raise:
the generic reader, and keys with rules of their own (completion, final exam gate,
lesson objectives)."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Collection, Mapping

from lms.content.frontmatter import find_key_line, normalize_newlines
from lms.content.schema import N_, Problem


def describe(value: object) -> str:
    """What a YAML value looks like to an author."""
    if value is None:
        return N_("empty")
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, datetime.date):
        return N_("the date %(date)s", date=value)
    if isinstance(value, int | float | str):
        return f"'{value}'"
    if isinstance(value, list):
        return N_("a list")
    if isinstance(value, dict):
        return N_("indented keys")
    return type(value).__name__


class FieldReader:
    """Front matter of one file; each read checks one key and reports problems."""

    def __init__(
        self,
        meta: Mapping[str, object],
        text: str,
        path: str,
        problems: list[Problem],
    ) -> None:
        self.meta = meta
        self.text_of_file = text
        self.path = path
        self.problems = problems

    def report(self, key: str, message: str, parent: str | None = None) -> None:
        line = find_key_line(self.text_of_file, key, parent)
        self.problems.append(Problem(self.path, line, message))

    def check_keys(self, allowed: Collection[str], *, translation: bool) -> None:
        for key in self.meta:
            if key in allowed:
                continue
            if translation:
                self.report(
                    key,
                    N_(
                        "key '%(key)s' is not allowed in a translation; it may only "
                        "have %(allowed)s, the rest comes from the original",
                        key=key,
                        allowed=_listing(allowed),
                    ),
                )
                continue
            guess = difflib.get_close_matches(key, allowed, n=1)
            listing = _listing(allowed)
            self.report(
                key,
                N_(
                    "unknown key '%(key)s'. Did you mean '%(guess)s'? "
                    "Allowed keys: %(allowed)s",
                    key=key,
                    guess=guess[0],
                    allowed=listing,
                )
                if guess
                else N_(
                    "unknown key '%(key)s'. Allowed keys: %(allowed)s",
                    key=key,
                    allowed=listing,
                ),
            )

    def text(self, key: str, *, required: bool = False) -> str | None:
        if key not in self.meta:
            if required:
                self.problems.append(
                    Problem(self.path, 1, N_("missing required key '%(key)s'", key=key))
                )
            return None
        value = self.meta[key]
        if not isinstance(value, str):
            self.report(
                key,
                N_(
                    "'%(key)s' must be text, not %(value)s; put the text in "
                    "quotes if YAML reads it as something else",
                    key=key,
                    value=describe(value),
                ),
            )
            return None
        if not value.strip():
            self.report(key, N_("'%(key)s' is empty", key=key))
            return None
        return value.strip()

    def positive_int(
        self, key: str, value: object, parent: str | None = None
    ) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        name = f"{parent}.{key}" if parent else key
        self.report(
            key,
            N_(
                "'%(key)s' must be a whole number above 0, not %(value)s",
                key=name,
                value=describe(value),
            ),
            parent,
        )
        return None

    def optional_positive_int(self, key: str) -> int | None:
        if key not in self.meta:
            return None
        return self.positive_int(key, self.meta[key])

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.meta.get(key, default)
        if isinstance(value, bool):
            return value
        self.report(
            key,
            N_(
                "'%(key)s' must be true or false, not %(value)s",
                key=key,
                value=describe(value),
            ),
        )
        return default

    def mapping(self, key: str, allowed: Collection[str]) -> dict[str, object]:
        """A nested mapping such as `certificate:`, its keys checked."""
        value = self.meta.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(
                key,
                N_(
                    "'%(key)s' must have indented keys below it (%(allowed)s), "
                    "not %(value)s",
                    key=key,
                    allowed=_listing(allowed),
                    value=describe(value),
                ),
            )
            return {}
        nested = {str(name): item for name, item in value.items()}
        for name in nested:
            if name not in allowed:
                self.report(
                    name,
                    N_(
                        "unknown key '%(key)s.%(name)s'. Allowed keys under "
                        "'%(key)s': %(allowed)s",
                        key=key,
                        name=name,
                        allowed=_listing(allowed),
                    ),
                    parent=key,
                )
        return nested


def _listing(keys: Collection[str]) -> str:
    return ", ".join(sorted(keys))


# A lesson's learning objectives (`objectives:`): one to three short phrases.

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
            fields.report(
                _KEY, N_("'objectives' is empty; list 1 to 3 phrases or drop it")
            )
            return None
        if original:
            message = N_(
                "missing 'objectives': the original lesson has %(count)s; "
                "translate each one here",
                count=len(original),
            )
            fields.problems.append(Problem(fields.path, 1, message))
            return None
        return ()
    if original is not None and not original:
        fields.report(
            _KEY,
            N_(
                "the original lesson has no 'objectives'; add them there first, "
                "then translate them here"
            ),
        )
        return None
    if not isinstance(value, list):
        fields.report(
            _KEY,
            N_(
                "'objectives' must be a list of 1 to 3 phrases, each on a line "
                "starting with '- ', not %(value)s",
                value=describe(value),
            ),
        )
        return None
    if not 1 <= len(value) <= MAX_OBJECTIVES:
        fields.report(
            _KEY,
            N_(
                "'objectives' must list 1 to %(most)s phrases, not %(count)s; "
                "keep the most important ones",
                most=MAX_OBJECTIVES,
                count=len(value),
            ),
        )
        return None
    found = []
    for index, item in enumerate(value):
        problem = _item_problem(item)
        if problem:
            line = _item_line(fields, index)
            message = N_(
                "objective %(number)s %(problem)s", number=index + 1, problem=problem
            )
            fields.problems.append(Problem(fields.path, line, message))
        else:
            found.append(str(item).strip())
    if len(found) < len(value):
        return None
    if original and len(found) != len(original):
        fields.report(
            _KEY,
            N_(
                "the translation lists %(count)s objective(s) but the original "
                "lesson has %(original)s; translate each one",
                count=len(found),
                original=len(original),
            ),
        )
        return None
    return tuple(found)


def _item_problem(item: object) -> str | None:
    if not isinstance(item, str):
        return N_("must be text, not %(value)s; put it in quotes", value=describe(item))
    if not item.strip():
        return N_("is empty")
    if "\n" in item.strip():
        return N_("must be one line")
    if len(item.strip()) > MAX_LENGTH:
        return N_(
            "is %(length)s characters long; at most %(most)s are allowed",
            length=len(item.strip()),
            most=MAX_LENGTH,
        )
    return None
