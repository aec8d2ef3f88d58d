"""Shared helpers for every feature's commands: one-line user errors, password input."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from lms.errors import LmsError

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(command: F) -> F:
    """Turn input errors into a one-line message and a non-zero exit."""

    @wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except LmsError as exc:
            raise click.ClickException(str(exc)) from None
        except (OperationalError, ProgrammingError) as exc:
            message = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(
                f"database error: {message} "
                "(is the database migrated? run: lms db upgrade)"
            ) from None

    return wrapped  # type: ignore[return-value]


def read_password(prompt: str) -> str:
    """From an interactive prompt, or the first line of standard input; never argv."""
    if sys.stdin.isatty():
        value: str = click.prompt(prompt, hide_input=True, confirmation_prompt=True)
        return value
    line = sys.stdin.readline()
    if not line.strip():
        raise click.ClickException("no password on standard input")
    return line.rstrip("\r\n")


def box(lines: list[str], width: int = 72) -> str:
    """Frame lines in an ASCII box (plain ASCII: any terminal shows it).

    Longer lines are wrapped; an empty string is an empty line.
    """
    inner = width - 4
    wrapped: list[str] = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        wrapped.extend(
            textwrap.wrap(line, inner, subsequent_indent=" " * indent) or [""]
        )
    rule = "+" + "-" * (width - 2) + "+"
    body = [f"| {line.ljust(inner)} |" for line in wrapped]
    return "\n".join([rule, *body, rule])
