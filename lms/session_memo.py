"""Reads a unit of work repeats, answered once while it has written nothing.

A learner's page asks the same few questions several times: the lesson page's
progress bar, its course outline and the final exam's gate each want the
person's lesson progress, quiz results and learning path. ``memoized`` keeps
such an answer in the session (``session.info``) and forgets every answer the
moment the session writes or its transaction ends: a flush, an INSERT, UPDATE
or DELETE statement run through it, a commit or a rollback. While the session
holds changes it has not flushed yet, nothing is kept or reused, so a read
after a write always sees the write (as autoflush would show it).

Keys name the question and its arguments by their identifiers, e.g.
``("quiz_statuses", person_id, course_id)``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

T = TypeVar("T")
INFO_KEY = "lms.memo"
MAX_ENTRIES = 256  # a long command reading many people keeps only the last few


def memoized(session: Session, key: Hashable, build: Callable[[], T]) -> T:
    """build()'s answer, computed once per session until the session writes."""
    if session.new or session.dirty or session.deleted:
        forget(session)
        return build()
    memo: dict[Hashable, Any] = session.info.setdefault(INFO_KEY, {})
    if key in memo:
        value: T = memo[key]
        return value
    value = build()
    if len(memo) >= MAX_ENTRIES:
        memo.clear()
    memo[key] = value
    return value


def forget(session: Session, *_args: Any) -> None:
    """Drop every kept answer of the session."""
    memo = session.info.get(INFO_KEY)
    if memo:
        memo.clear()


def _forget_after_writes(state: ORMExecuteState) -> None:
    if not state.is_select:
        forget(state.session)


event.listen(Session, "after_flush", forget)
event.listen(Session, "after_commit", forget)
event.listen(Session, "after_rollback", forget)
event.listen(Session, "after_soft_rollback", forget)
event.listen(Session, "do_orm_execute", _forget_after_writes)
