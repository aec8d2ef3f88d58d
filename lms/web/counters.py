"""Rate-limit counters in the database: a storage for the ``limits`` library.

Every worker and server that shares the database shares the counts. On
PostgreSQL they live in the database's ``rate_limit_counter`` table. On SQLite
they live in a file beside the database (``lms.sqlite3`` ->
``lms-ratelimit.sqlite3``): a POST request holds the database's write lock from
its first query (``BEGIN IMMEDIATE``), and a counter written through a second
connection to the same file would wait for that lock, held by its own request.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from limits.storage import Storage
from sqlalchemy import Engine, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from lms.db import make_engine
from lms.models import RateLimitCounter

COUNTERS = cast(Table, RateLimitCounter.__table__)
# Expired rows are overwritten by their next increment; the rest are swept
# now and then, so counters of addresses never seen again do not pile up.
SWEEP_EVERY = 500


def counters_file_url(database_url: str) -> str:
    """Where SQLite keeps the counters: a file beside the database's file."""
    database = make_url(database_url).database
    if not database or database == ":memory:":
        return "sqlite://"
    path = Path(database)
    return f"sqlite:///{path.with_name(f'{path.stem}-ratelimit{path.suffix}')}"


class DatabaseStorage(Storage):
    """Fixed-window counters in a table, for ``FixedWindowRateLimiter``."""

    STORAGE_SCHEME = None  # built from the app's database, not from a URL

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._clock = clock
        self._increments = 0
        self._owns_engine = engine.dialect.name == "sqlite"
        if self._owns_engine:
            url = counters_file_url(engine.url.render_as_string(hide_password=False))
            self.engine = make_engine(url)
            self._path = make_url(url).database
            self._table_ready = False
        else:
            self.engine = engine  # the migration made the table
            self._path = None
            self._table_ready = True
        # Reads need no write lock, on SQLite least of all.
        self._reader = self.engine.execution_options(sqlite_begin="DEFERRED")

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    def _ensure_table(self) -> None:
        if self._table_ready:
            return
        if self._path:
            # Counters name accounts and addresses: readable by the app only.
            os.close(os.open(self._path, os.O_CREAT | os.O_WRONLY, 0o600))
        COUNTERS.create(self.engine, checkfirst=True)
        self._table_ready = True

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount``; a new or expired counter starts at it for ``expiry`` s."""
        self._ensure_table()
        now = self._now()
        postgres = self.engine.dialect.name == "postgresql"
        insert = postgresql.insert if postgres else sqlite.insert
        values = insert(COUNTERS).values(
            key=key, count=amount, expires_at=now + timedelta(seconds=expiry)
        )
        statement = values.on_conflict_do_update(
            index_elements=[COUNTERS.c.key],
            set_={"count": COUNTERS.c.count + values.excluded.count},
        ).returning(COUNTERS.c.count)
        with self.engine.begin() as connection:
            connection.execute(
                delete(COUNTERS).where(
                    COUNTERS.c.key == key, COUNTERS.c.expires_at <= now
                )
            )
            count: int = connection.execute(statement).scalar_one()
            self._increments += 1
            if self._increments % SWEEP_EVERY == 0:
                connection.execute(delete(COUNTERS).where(COUNTERS.c.expires_at <= now))
        return count

    def _row(self, key: str) -> tuple[int, datetime] | None:
        self._ensure_table()
        query = select(COUNTERS.c.count, COUNTERS.c.expires_at).where(
            COUNTERS.c.key == key, COUNTERS.c.expires_at > self._now()
        )
        with self._reader.connect() as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            return None
        count, expires_at = row
        return int(count), expires_at

    def get(self, key: str) -> int:
        row = self._row(key)
        return 0 if row is None else row[0]

    def get_expiry(self, key: str) -> float:
        """When the counter ends, in seconds since the epoch (now if absent)."""
        row = self._row(key)
        return self._clock() if row is None else row[1].timestamp()

    def check(self) -> bool:
        try:
            self._row("check")
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        self._ensure_table()
        with self.engine.begin() as connection:
            return connection.execute(delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        self._ensure_table()
        with self.engine.begin() as connection:
            connection.execute(delete(COUNTERS).where(COUNTERS.c.key == key))

    def dispose(self) -> None:
        """Close the counters file's connections (SQLite; the app's engine stays)."""
        if self._owns_engine:
            self.engine.dispose()
