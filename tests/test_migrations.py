"""Migrations build exactly the models' schema on SQLite and PostgreSQL, and undo it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import lms.models  # noqa: F401
from lms import migrate
from lms.db import Base, make_engine
from tests.fixtures.database import POSTGRES_URL, is_postgres


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    if not is_postgres():
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    name = f"lms_migrations_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_matches_models_and_downgrade_removes_everything(
    empty_database: str,
) -> None:
    migrate.upgrade(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True}
            )
            assert compare_metadata(context, Base.metadata) == []
        assert migrate.current_revision(empty_database) == migrate.head_revision()
        migrate.downgrade(empty_database, "base")
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        migrate.upgrade(empty_database)  # and back up again
        assert set(inspect(engine).get_table_names()) >= {
            t.name for t in Base.metadata.sorted_tables
        }
    finally:
        engine.dispose()
