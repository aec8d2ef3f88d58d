"""Database engine, per-request sessions, and the declarative Base."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both SQLite and PostgreSQL.

    SQLite stores no offset, so values are normalised to UTC on the way in and
    marked as UTC on the way out; naive datetimes are refused as a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Any
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(
        self, value: datetime | None, dialect: Any
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


#: Execution options of a read session's connections (GET and HEAD requests):
#: SQLite begins without the write lock, and no statement may write.
READ_OPTIONS = {"sqlite_begin": "DEFERRED", "lms_read_only": True}
#: A write step's connection: SQLite takes the write lock at BEGIN.
STEP_OPTIONS = {"sqlite_begin": "IMMEDIATE", "lms_read_only": False}
_WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE)\b", re.I)


class ReadOnlyTransaction(RuntimeError):
    """A page view (GET) wrote outside ``write_step``: a bug, found by its tests."""


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and real transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(url, **kwargs)
        _refuse_writes_when_reading(engine)
        return engine
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
    _refuse_writes_when_reading(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions (the documented
        # pysqlite recipe), so SAVEPOINT and BEGIN IMMEDIATE behave.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock at BEGIN: a deferred transaction that later
        # writes can fail at once with "database is locked" in WAL mode, which
        # busy_timeout does not cover. Read-only work uses a read session.
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _refuse_writes_when_reading(engine: Engine) -> None:
    """A read session's statements must not write, on every database.

    On SQLite a deferred read transaction that writes after another connection
    committed fails at once with "database is locked" (busy_timeout does not
    cover it), so such a write only fails under load. Refusing every write in
    a read session makes it fail in the first test that runs the view instead.
    """

    @event.listens_for(engine, "before_cursor_execute")
    def _check(
        connection: Any, _c: Any, statement: str, _p: Any, _x: Any, _m: bool
    ) -> None:
        if connection.get_execution_options().get(
            "lms_read_only"
        ) and _WRITE_STATEMENT.match(statement):
            where = (
                f"{request.method} {request.endpoint}"
                if has_request_context()
                else "a read session"
            )
            raise ReadOnlyTransaction(
                f"{where} wrote in its read transaction ({statement[:60]}...): "
                "put a page view's writes in lms.db.write_step(session)"
            )


class Database:
    """One engine and session factory per application."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        # GET requests read; on SQLite they must not queue behind writers for
        # the write lock. What a page view writes goes through write_step().
        self.read_sessionmaker = sessionmaker(
            self.engine.execution_options(**READ_OPTIONS),
            expire_on_commit=False,
            info={"lms_read_only": True},
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def init_app(app: Flask) -> None:
    app.extensions["lms.db"] = Database(app.config["LMS_DATABASE_URL"])
    app.after_request(_end_transaction)
    app.teardown_appcontext(_close_session)


def get_database(app: Flask | None = None) -> Database:
    database: Database = (app or current_app).extensions["lms.db"]
    return database


def get_session() -> Session:
    """The session of the current request or command, created on first use."""
    if "db_session" not in g:
        database = get_database()
        reading = has_request_context() and request.method in ("GET", "HEAD")
        factory = database.read_sessionmaker if reading else database.sessionmaker
        g.db_session = factory()
    session: Session = g.db_session
    return session


@contextmanager
def write_step(session: Session) -> Iterator[Session]:
    """Where a page view writes: recording a lesson view, settling an overdue
    attempt, noting an API token's use, auditing an export.

    In a read session (a GET request) the read transaction ends here, the block
    runs in a short transaction of its own that takes SQLite's write lock at
    BEGIN (waiting for it up to busy_timeout, never failing at once) and
    commits when the block ends, before the page is rendered. Anywhere else (a
    POST, a command) the block simply joins the session's transaction and its
    one commit. The block must be safe to repeat against rows that changed
    since the page read them: a conditional UPDATE, an INSERT ... ON CONFLICT.
    """
    if not session.info.get("lms_read_only") or session.info.get("lms_in_step"):
        yield session
        return
    if session.in_transaction():
        session.commit()  # it only read: this ends its snapshot, writes nothing
    session.info["lms_in_step"] = True
    try:
        session.connection(execution_options=STEP_OPTIONS)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info["lms_in_step"] = False


def insert_statement(session: Session, table: Any) -> Any:
    """The database's own INSERT, which has ``on_conflict_do_update``/``_nothing``
    (the same on SQLite and PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        return sqlite_insert(table)
    return postgresql_insert(table)


def discard_session() -> None:
    """Drop the request's session whatever its state (a failed flush included),
    for a page that must render without the database: the 500 page."""
    g.pop("db_after_commit", None)
    g.pop("db_keep_on_error", None)
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()


def keep_changes_on_error() -> None:
    """Commit this request's writes although its response reports an error.

    For a view that settles something (an attempt whose time ran out) and then
    answers with a refusal such as 409.
    """
    g.db_keep_on_error = True


def after_commit(callback: Callable[[], None]) -> None:
    """Run callback once this request's writes are committed (not on rollback)."""
    g.setdefault("db_after_commit", []).append(callback)


def _end_transaction(response: Response) -> Response:
    """The one commit of a request: views and services only add and flush.

    Runs after the view returned and before the response is sent, so a
    redirect is only followed once its writes are stored. An error response
    (a 4xx, or the 500 page of an exception) rolls back, and teardown closes
    the session either way. A streamed body is read after this commit, in a
    transaction of its own.
    """
    session: Session | None = g.get("db_session")
    if session is None or not session.in_transaction():
        for callback in g.pop("db_after_commit", []):
            callback()
        return response
    if response.status_code < 400 or g.pop("db_keep_on_error", False):
        session.commit()
        for callback in g.pop("db_after_commit", []):
            callback()
    else:
        session.rollback()
    return response


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """A session for code outside a request; commits on success."""
    session = get_database(app).sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
