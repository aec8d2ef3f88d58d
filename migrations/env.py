"""Alembic environment: migrations run against LMS_DATABASE_URL (or the given URL)."""

from __future__ import annotations

import os

from alembic import context

from lms.db import Base, make_engine

config = context.config


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from lms.config import validate_database_url

    return validate_database_url(
        os.environ.get("LMS_DATABASE_URL") or "sqlite:///instance/lms.sqlite3"
    )


def target_metadata() -> object:
    # Only autogenerate needs the models; migrations themselves never import them.
    import lms.models  # noqa: F401

    return Base.metadata


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations must not import the application: write our UTC type as the
    # plain column type it stores.
    from lms.db import UtcDateTime

    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run: lms db upgrade")
run_migrations_online()
