"""Running Alembic migrations from the application (``lms db ...``)."""

from __future__ import annotations

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

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would eat a literal "%" in a password.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    ensure_sqlite_folder(database_url)
    command.upgrade(alembic_config(database_url), revision)


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a SQLite file (the instance folder on a fresh clone)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (
        None,
        "",
        ":memory:",
    ):
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)


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
