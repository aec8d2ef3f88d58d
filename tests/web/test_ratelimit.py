"""Rate-limit counters are shared by every worker: in the database or in Redis."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy import create_engine

from lms import create_app
from lms.db import get_database
from lms.web.counters import DatabaseStorage, counters_file_url
from lms.web.ratelimit import counters
from tests.fixtures.app import Client
from tests.fixtures.database import is_postgres
from tests.fixtures.people import PASSWORD
from tests.fixtures.redis import REDIS_URL

CODE = "/verify/AAAA-AAAA-AAAA-A"


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Apps on the test database (one per worker), with the given overrides."""
    made: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        config = {**app_config, "LMS_VERIFY_LIMIT": "3 per minute", **overrides}
        config.pop("LMS_RATELIMIT_STORAGE_URL")  # no test setting: the default
        config.update(overrides)
        application = create_app(config)
        application.test_client_class = Client
        made.append(application)
        return application

    yield factory
    for application in made:
        storage = counters(application).storage
        if isinstance(storage, DatabaseStorage):
            storage.dispose()
        get_database(application).dispose()


def _verify(application: Flask) -> int:
    status: int = application.test_client().get(CODE).status_code
    return status


def _two_workers_share_one_count(make_app: Callable[..., Flask], **config: Any) -> None:
    first = make_app(**config)
    assert [_verify(first), _verify(first)] == [404, 404]
    # A second worker starts while the first is counting.
    second = make_app(**config)
    assert _verify(second) == 404
    assert _verify(first) == 429
    response = second.test_client().get(CODE)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_by_default_the_counts_are_in_the_database_not_in_memory(
    make_app: Callable[..., Flask],
) -> None:
    application = make_app()
    assert application.config["LMS_RATELIMIT_STORAGE_URL"] == ""
    assert isinstance(counters(application).storage, DatabaseStorage)


def test_two_workers_on_one_database_share_one_count(
    make_app: Callable[..., Flask],
) -> None:
    _two_workers_share_one_count(make_app)


def test_two_workers_on_one_redis_share_one_count(
    make_app: Callable[..., Flask], redis_prefix: str
) -> None:
    _two_workers_share_one_count(
        make_app,
        LMS_RATELIMIT_STORAGE_URL=REDIS_URL,
        LMS_RATELIMIT_KEY_PREFIX=redis_prefix,
    )
    keys = redis.Redis.from_url(REDIS_URL).keys(f"{redis_prefix}:*")
    assert keys  # the counts really are in Redis, under the prefix


def test_login_throttle_is_shared_by_two_workers(
    make_app: Callable[..., Flask], make_person: Any
) -> None:
    first, second = make_app(), make_app()
    person = make_person()
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    for _ in range(4):
        response = first.test_client().submit(
            "/login",
            {"email": person.email, "password": "wrong!"},
            environ_base=attacker,
        )
        assert response.status_code == 200
    response = second.test_client().submit(
        "/login", {"email": person.email, "password": PASSWORD}, environ_base=attacker
    )
    assert response.status_code == 429


def test_a_failed_login_does_not_wait_for_its_own_database_lock(
    make_app: Callable[..., Flask], make_person: Any
) -> None:
    """The request holds SQLite's write lock while the failure is counted."""
    application = make_app()
    person = make_person()
    client = application.test_client()
    started = time.monotonic()
    for _ in range(2):
        response = client.submit("/login", {"email": person.email, "password": "no!"})
        assert response.status_code == 200
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert time.monotonic() - started < 10  # the busy timeout is 30 s


@pytest.mark.skipif(is_postgres(), reason="the counters file is SQLite's")
def test_on_sqlite_the_counts_are_in_a_private_file_beside_the_database(
    make_app: Callable[..., Flask],
) -> None:
    application = make_app()
    _verify(application)
    database = Path(get_database(application).engine.url.database or "")
    beside = database.with_name(f"{database.stem}-ratelimit{database.suffix}")
    assert counters_file_url(f"sqlite:///{database}") == f"sqlite:///{beside}"
    assert beside.stat().st_mode & 0o777 == 0o600
    engine = create_engine(f"sqlite:///{beside}")
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql(
                "SELECT count FROM rate_limit_counter"
            ).scalar_one()
            == 1
        )
    engine.dispose()


def test_database_counters_count_up_and_start_again_after_their_window(
    make_app: Callable[..., Flask],
) -> None:
    now = [1_000_000.0]
    storage = DatabaseStorage(get_database(make_app()).engine, clock=lambda: now[0])
    try:
        assert storage.check()
        assert [storage.incr("k", 60), storage.incr("k", 60)] == [1, 2]
        assert storage.get("k") == 2
        assert storage.get_expiry("k") == pytest.approx(now[0] + 60)
        now[0] += 59
        assert storage.incr("k", 60) == 3
        now[0] += 1
        assert storage.get("k") == 0
        assert storage.incr("k", 60) == 1
        assert storage.get_expiry("k") == pytest.approx(now[0] + 60)
        storage.clear("k")
        assert storage.get("k") == 0
        storage.incr("other", 5)
        assert storage.reset() == 1
    finally:
        storage.dispose()


def test_a_refusal_page_says_when_to_come_back(make_app: Callable[..., Flask]) -> None:
    client = make_app(LMS_VERIFY_LIMIT="1 per minute").test_client()
    client.get(CODE)
    response = client.get(CODE)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "Too many attempts" in response.get_data(as_text=True)


def test_logging_in_works_while_redis_is_down_and_failures_still_count(
    make_app: Callable[..., Flask], make_person: Any
) -> None:
    """Nothing listens on port 1: the counts fall back to the process, so a
    learner logs in (no error page) and a password guesser is still stopped."""
    application = make_app(LMS_RATELIMIT_STORAGE_URL="redis://127.0.0.1:1/0")
    person = make_person()
    client = application.test_client()
    attacker = {"REMOTE_ADDR": "203.0.113.67"}
    statuses = [
        client.submit(
            "/login",
            {"email": person.email, "password": "wrong!"},
            environ_base=attacker,
        ).status_code
        for _ in range(5)
    ]
    assert statuses[:4] == [200] * 4
    assert statuses[4] == 429
    response = application.test_client().submit(
        "/login", {"email": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302
