"""The checker's messages in the author's language.

The content checker is pure and speaks English (the CLI prints it as is). Its
messages are `Message`s made by `N_(template, **params)` (lms.content.schema):
here the template is looked up in the reader's catalog and filled in, inner
messages (a hint, "the exercise") first. Every template needs a German entry in
lms/translations/de/LC_MESSAGES/messages.po; tests/authoring checks that.
"""

from __future__ import annotations

from flask_babel import gettext

from lms.content.schema import Message


def translated(message: Message) -> str:
    """A checker message in the reader's language, its inner messages too."""
    params = {
        name: translated(value) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    text: str = gettext(message.template)
    return text % params if params else text


def explain(message: str) -> str:
    """`message` in the author's language, starting with a capital letter.

    A plain string (not made by N_) is shown as it is.
    """
    if not isinstance(message, Message):
        return message
    text = translated(message)
    return text[:1].upper() + text[1:]
