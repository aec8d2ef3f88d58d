"""Caches of computed values, in one idiom: named, kept per application.

Every cache lives in ``app.extensions`` under its name, so each application
(each test's app) starts empty and ``clear_caches`` empties them all at once.
A cache is any object with ``clear()``; ``LruCache`` is the common kind. Code
that runs without an application (a service called from a plain script or a
unit test) simply computes without caching.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, Protocol, TypeVar

from flask import Flask, current_app, has_app_context

EXTENSION = "lms.caches"

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class Clearable(Protocol):
    def clear(self) -> None: ...


C = TypeVar("C", bound=Clearable)


class LruCache(Generic[K, V]):
    """A bounded, thread-safe map that forgets the least recently used entry."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()  # outside the lock: building may query the database
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_registry_lock = Lock()


def named_cache(name: str, factory: Callable[[], C], app: Flask | None = None) -> C:
    """The application's cache called ``name``, made by ``factory`` on first use."""
    registry: dict[str, Clearable] = (app or current_app).extensions.setdefault(
        EXTENSION, {}
    )
    with _registry_lock:
        cache = registry.get(name)
        if cache is None:
            cache = registry[name] = factory()
    return cache  # type: ignore[return-value]  # one name, one factory


def cached(name: str, max_size: int, key: Hashable, build: Callable[[], T]) -> T:
    """build(), kept in the app's LRU cache ``name``; uncached without an app."""
    if not has_app_context():
        return build()
    cache: LruCache[Hashable, T] = named_cache(name, lambda: LruCache(max_size))
    return cache.get_or_build(key, build)


def clear_cache(name: str, app: Flask | None = None) -> None:
    """Empty one cache of the application (nothing to do without an app)."""
    if app is None and not has_app_context():
        return
    cache = (app or current_app).extensions.get(EXTENSION, {}).get(name)
    if cache is not None:
        cache.clear()


def clear_caches(app: Flask | None = None) -> None:
    """Empty every cache of the application."""
    for cache in list((app or current_app).extensions.get(EXTENSION, {}).values()):
        cache.clear()
