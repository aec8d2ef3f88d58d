"""Rate limits shared by every worker and server: the counters and a view decorator.

The counters live where ``LMS_RATELIMIT_STORAGE_URL`` says: empty means the
database (lms/web/counters.py), ``redis://...`` a Redis server, and ``memory://``
the process itself, which only suits tests (each worker would count alone).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from lms.db import get_database
from lms.web.counters import DatabaseStorage

F = TypeVar("F", bound=Callable[..., Any])
EXTENSION = "lms.ratelimit"
log = logging.getLogger(__name__)


class FallbackStorage(Storage):
    """A shared store (Redis) that falls back to this process's memory while it
    cannot be reached: logging in keeps working and each process still counts,
    instead of every login failing with an error page."""

    STORAGE_SCHEME = None

    def __init__(self, shared: Storage) -> None:
        super().__init__()
        shared.wrap_exceptions = True
        self.shared = shared
        self.spare = MemoryStorage()
        self._warned_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return StorageError

    def _use(self, call: Callable[[Storage], Any]) -> Any:
        try:
            return call(self.shared)
        except StorageError as exc:
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning(
                    "rate-limit store unreachable (%s); counting in this process "
                    "until it is back",
                    exc,
                )
            return call(self.spare)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        value: int = self._use(lambda store: store.incr(key, expiry, amount))
        return value

    def get(self, key: str) -> int:
        value: int = self._use(lambda store: store.get(key))
        return value

    def get_expiry(self, key: str) -> float:
        value: float = self._use(lambda store: store.get_expiry(key))
        return value

    def check(self) -> bool:
        return bool(self.shared.check())

    def reset(self) -> int | None:
        self.spare.reset()
        value: int | None = self._use(lambda store: store.reset())
        return value

    def clear(self, key: str) -> None:
        self.spare.clear(key)
        self._use(lambda store: store.clear(key))


@dataclass(frozen=True)
class Counters:
    """One application's counters, and fixed-window limits counted in them."""

    storage: Storage
    window: FixedWindowRateLimiter

    def seconds_left(self, key: str) -> int:
        """Seconds until the counter ``key`` ends; 0 when it is not running."""
        if self.storage.get(key) <= 0:
            return 0
        return max(1, math.ceil(self.storage.get_expiry(key) - time.time()))

    def wait(self, limit: RateLimitItem, scope: str, who: str) -> int:
        """Seconds until ``who`` may act again under ``limit``; 0 if it may now."""
        if self.window.test(limit, scope, who):
            return 0
        reset = self.window.get_window_stats(limit, scope, who).reset_time
        return max(1, math.ceil(reset - time.time()))

    def hit(self, limit: RateLimitItem, scope: str, who: str) -> int:
        """Count one event of ``who``; return 0, or the seconds to wait if over."""
        if self.window.hit(limit, scope, who):
            return 0
        return self.wait(limit, scope, who)


def make_storage(app: Flask) -> Storage:
    url: str = app.config["LMS_RATELIMIT_STORAGE_URL"]
    if not url:
        return DatabaseStorage(get_database(app).engine)
    if url.startswith("memory://"):
        return MemoryStorage()
    storage = storage_from_string(
        url, key_prefix=app.config["LMS_RATELIMIT_KEY_PREFIX"]
    )
    assert isinstance(storage, Storage)  # noqa: S101  (config allows sync stores only)
    return FallbackStorage(storage)


def init_app(app: Flask) -> None:
    """Give the app its counters; connects to nothing until the first count."""
    storage = make_storage(app)
    app.extensions[EXTENSION] = Counters(storage, FixedWindowRateLimiter(storage))


def counters(app: Flask | None = None) -> Counters:
    found: Counters = (app or current_app).extensions[EXTENSION]
    return found


def client_address() -> str:
    """The client's address: the peer's, or from X-Forwarded-For behind proxies."""
    return request.remote_addr or "unknown"


def rate_limit(
    setting: str, scope: str, methods: Collection[str] | None = None
) -> Callable[[F], F]:
    """Allow each address the requests that config ``setting`` names, then 429.

    ``setting`` holds a limit such as ``30 per minute``; views that share a
    ``scope`` share one count. ``methods`` restricts which requests count.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if methods is None or request.method in methods:
                limit = parse(current_app.config[setting])
                wait = counters().hit(limit, scope, client_address())
                if wait:
                    raise TooManyRequests(retry_after=wait)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
