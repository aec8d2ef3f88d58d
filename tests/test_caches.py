"""lms.caches: named caches per application, emptied all at once."""

from __future__ import annotations

from typing import Any

from lms import create_app
from lms.caches import LruCache, cached, clear_caches, named_cache


def test_each_app_has_its_own_caches(app: Any, app_config: Any) -> None:
    other = create_app(app_config)
    calls: list[str] = []
    for application in (app, other, app):
        with application.app_context():
            cached("demo", 2, "key", lambda: calls.append("built") or len(calls))
    assert calls == ["built", "built"]


def test_clear_caches_empties_every_named_cache(app: Any) -> None:
    with app.app_context():
        cached("demo", 2, "key", lambda: 1)
        lru: LruCache[str, int] = named_cache("demo", lambda: LruCache(2))
        assert len(lru) == 1
        kept: LruCache[str, int] = named_cache("other", lambda: LruCache(1))
        assert named_cache("other", lambda: LruCache(5)) is kept
    clear_caches(app)
    assert len(lru) == 0


def test_least_recently_used_entry_goes_first() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.get_or_build("a", lambda: 1)
    cache.get_or_build("b", lambda: 2)
    cache.get_or_build("a", lambda: 99)
    cache.get_or_build("c", lambda: 3)
    assert cache.get_or_build("a", lambda: 99) == 1
    assert cache.get_or_build("b", lambda: 20) == 20


def test_without_an_app_nothing_is_kept() -> None:
    calls: list[int] = []
    for _ in range(2):
        cached("demo", 2, "key", lambda: calls.append(1))
    assert calls == [1, 1]
