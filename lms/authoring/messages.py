"""The checker's messages in the author's language.

The content checker is pure and speaks English (the CLI prints it as is). Its
messages are `Message`s made by `N_(template, **params)`: here the template is
looked up in the reader's catalog and filled in. The regular expressions below
translate the few messages that are still plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext

from lms.content.schema import Message

_Translate = Callable[[re.Match[str]], str]

_HINTS: list[tuple[re.Pattern[str], _Translate]] = [
    (
        re.compile(r"Indent with spaces, not tabs"),
        lambda m: gettext("Indent with spaces, not tabs."),
    ),
    (
        re.compile(
            r"A colon followed by a space inside a value ends it: put the value "
            r"in quotes, like (?P<key>.*): \"\.\.\.\""
        ),
        lambda m: gettext(
            "A colon followed by a space inside a value ends it: put the value "
            'in quotes, like %(key)s: "..."',
            key=m["key"],
        ),
    ),
    (
        re.compile(r"Is the closing '---' missing after the last key\?"),
        lambda m: gettext("Is the closing '---' missing after the last key?"),
    ),
]

_MESSAGES: list[tuple[re.Pattern[str], _Translate]] = [
    (
        re.compile(
            r"invalid YAML in the front matter: (?P<detail>[^.]*)(?:\. (?P<hint>.*))?$"
        ),
        lambda m: " ".join(
            part
            for part in (
                gettext(
                    "The front matter is not valid YAML (%(detail)s).",
                    detail=m["detail"],
                ),
                _hint(m["hint"] or ""),
            )
            if part
        ),
    ),
    (
        re.compile(r"front matter is not closed"),
        lambda m: gettext(
            "The front matter is not closed: add a line '---' after the last key."
        ),
    ),
    (
        re.compile(r"missing front matter"),
        lambda m: gettext(
            "The front matter is missing: the file must start with a line '---', "
            "then the keys (title: ...), then another '---'."
        ),
    ),
    (
        re.compile(
            r"unknown key '(?P<key>[^']+)'\."
            r"(?P<guess> Did you mean '[^']+'\?)? Allowed keys: (?P<allowed>.*)$"
        ),
        lambda m: (
            gettext(
                "Unknown key '%(key)s'. Allowed keys: %(allowed)s",
                key=m["key"],
                allowed=m["allowed"],
            )
            + (
                " "
                + gettext("Did you mean '%(guess)s'?", guess=m["guess"].split("'")[1])
                if m["guess"]
                else ""
            )
        ),
    ),
    (
        re.compile(
            r"unknown admonition type '(?P<kind>[^']+)': use one of (?P<known>[^(]*) \("
        ),
        lambda m: gettext(
            "Unknown admonition type '%(kind)s': use one of %(known)s "
            "(for example '!!! warning \"Title\"').",
            kind=m["kind"],
            known=m["known"],
        ),
    ),
    (
        re.compile(r"attribute '(?P<name>[^']+)' is removed from the page"),
        lambda m: gettext(
            "The attribute '%(name)s' is removed from the page: attribute lists "
            "may only set a class (.name) or an id (#name).",
            name=m["name"],
        ),
    ),
    (
        re.compile(r"missing required key '(?P<key>[^']+)'"),
        lambda m: gettext(
            "The required key '%(key)s' is missing: add a line '%(key)s: ...' "
            "to the front matter.",
            key=m["key"],
        ),
    ),
    (
        re.compile(
            r"not translated into '(?P<lang>[a-z]+)' "
            r"\((?P<count>\d+) files\): (?P<files>.*?); add"
        ),
        lambda m: gettext(
            "Not translated into '%(language)s' (%(count)s files): %(files)s. Add a "
            "'.%(language)s.md' file beside each, or learners reading "
            "'%(language)s' see the original.",
            language=m["lang"],
            count=m["count"],
            files=m["files"],
        ),
    ),
    (
        re.compile(r"file not found: '(?P<href>[^']+)'"),
        lambda m: gettext(
            "File not found: '%(href)s'. Check the name, or put the file into "
            "the assets/ folder.",
            href=m["href"],
        ),
    ),
]


def _hint(text: str) -> str:
    for pattern, translate in _HINTS:
        match = pattern.search(text)
        if match:
            return translate(match)
    return text


def translated(message: Message) -> str:
    """A checker message in the reader's language, its inner messages too."""
    params = {
        name: translated(value) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    text: str = gettext(message.template)
    return text % params if params else text


def explain(message: str) -> str:
    """`message` in the author's language when it is a known one."""
    if isinstance(message, Message):
        text = translated(message)
        return text[:1].upper() + text[1:]
    for pattern, translate in _MESSAGES:
        match = pattern.search(message)
        if match:
            return translate(match)
    return message
