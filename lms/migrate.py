"""Running Alembic migrations from the application (``lms db ...``)."""

from __future__ import annotations

import os
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from lms.clitools import user_errors
from lms.db import make_engine
from lms.errors import ConfigError

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would eat a literal "%" in a password.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    prepare_sqlite_file(database_url)
    command.upgrade(alembic_config(database_url), revision)


def prepare_sqlite_file(database_url: str) -> None:
    """Create a new SQLite database file readable by its owner only (0600).

    It holds password hashes, answers and certificates; SQLite gives its -wal
    and -shm files the database file's mode. A missing folder is created (0700)
    when its parent exists, as the instance folder of a fresh clone; a path
    whose parent is missing too is most likely a typo and is refused.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    if url.query.get("uri"):  # a file: URI: SQLite's own syntax, left to SQLite
        return
    path = Path(str(url.database))
    folder = path.parent
    if not folder.is_dir():
        if not folder.parent.is_dir():
            raise ConfigError(
                f"LMS_DATABASE_URL: the folder {folder.parent} does not exist; "
                "create it first (only the database's own folder is created)"
            )
        folder.mkdir(mode=0o700, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def current_revision(database_url: str) -> str | None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


@click.group()
def db() -> None:
    """Database schema migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
@user_errors
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    url = current_app.config["LMS_DATABASE_URL"]
    upgrade(url, revision)
    click.echo(f"database at {current_revision(url)}")


@db.command("downgrade")
@click.argument("revision")
@with_appcontext
@user_errors
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION ("base" removes every table)."""
    downgrade(current_app.config["LMS_DATABASE_URL"], revision)
