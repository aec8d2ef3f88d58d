"""What a job function is given and returns; the public face of lms.jobs.

A job function is a module-level function marked with ``@job_function``::

    @job_function(_l("Re-issue certificates"))
    def reissue_course(ctx: JobContext, course_id: int) -> JobResult | None:
        ctx.progress(0, total=len(rows))
        for number, row in enumerate(rows, 1):
            ...                      # work in ctx.session
            ctx.progress(number)     # commits the work so far, shows progress
        return JobResult(data, "report.xlsx", XLSX)

Its parameters come from ``submit(..., params=...)`` as JSON (ints, strings,
lists, dicts). ``raise JobFailed(_l("... %(x)s", x=...))`` fails it with a
message its owner reads in their own language; any other exception fails it
with a general message (the details go to the worker's log).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session


class Scope(StrEnum):
    OWNER = "owner"  # its owner only
    HR = "hr"  # its owner and every HR user (or admin)


class State(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINAL_STATES = (State.DONE.value, State.FAILED.value)


@dataclass(frozen=True)
class JobResult:
    """A file to download from the job page (kept for a day)."""

    data: bytes
    filename: str
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class Message:
    """An English msgid and its parameters, translated when shown."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"msgid": self.msgid, "params": self.params})

    @classmethod
    def from_json(cls, text: str) -> Message:
        data = json.loads(text)
        return cls(str(data["msgid"]), dict(data.get("params") or {}))

    @classmethod
    def of(cls, text: object) -> Message:
        """From ``_l("... %(x)s", x=1)`` (its msgid and parameters) or a str."""
        args = getattr(text, "_args", None)
        if args and isinstance(args[0], str):
            return cls(args[0], dict(getattr(text, "_kwargs", {}) or {}))
        return cls(str(text))


class JobFailed(Exception):
    """Raised by a job function: the job fails with this message for its owner."""

    def __init__(self, message: object) -> None:
        self.message = Message.of(message)
        super().__init__(self.message.msgid)


class JobContext(Protocol):
    """What a running job function gets (lms/jobs/runner.py implements it)."""

    session: Session
    public_id: str
    owner_id: int

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress (and its total, once known) and commit ``session``."""


F = TypeVar("F", bound=Callable[..., Any])
_MARK = "__lms_job_title__"
_PAGE = "__lms_job_page__"


def job_function(title: object, page: str | None = None) -> Callable[[F], F]:
    """Mark a module-level function as runnable as a job; ``title`` is lazy text.

    ``page`` is the endpoint (taking ``public_id``) that shows a done job's
    result; without it the job page offers the result as a download.
    """

    def mark(function: F) -> F:
        setattr(function, _MARK, title)
        setattr(function, _PAGE, page)
        return function

    return mark


def kind_of(function: Callable[..., Any]) -> str:
    """The name a job stores to find its function again in a worker."""
    if getattr(function, _MARK, None) is None:
        raise TypeError(f"{function!r} is not marked with @job_function")
    return f"{function.__module__}:{function.__qualname__}"


def resolve(kind: str) -> Callable[..., JobResult | None]:
    """The job function stored as ``kind``; LookupError if it is none (any more)."""
    module_name, _sep, name = kind.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError, ValueError):
        raise LookupError(kind) from None
    if getattr(function, _MARK, None) is None:
        raise LookupError(kind)
    return function  # type: ignore[no-any-return]


def title_of(kind: str) -> object | None:
    """The job function's title (lazy text), or None if it is gone."""
    try:
        title: object = getattr(resolve(kind), _MARK)
    except LookupError:
        return None
    return title


def page_of(kind: str) -> str | None:
    """The endpoint showing the job function's result, if it has one."""
    try:
        page: str | None = getattr(resolve(kind), _PAGE, None)
    except LookupError:
        return None
    return page
