"""The ``lms`` command line: a Flask group that each feature adds commands to."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from lms import migrate
from lms.auth import services
from lms.db import get_session
from lms.errors import LmsError
from lms.models.person import ROLE_VALUES

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_ADMIN_EMAIL = "admin@example.com"


def user_errors(command: F) -> F:
    """Turn input errors into a one-line message and a non-zero exit."""

    @wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except LmsError as exc:
            raise click.ClickException(str(exc)) from None
        except (OperationalError, ProgrammingError) as exc:
            message = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(
                f"database error: {message} "
                "(is the database migrated? run: lms db upgrade)"
            ) from None

    return wrapped  # type: ignore[return-value]


def read_password(prompt: str) -> str:
    """From an interactive prompt, or the first line of standard input; never argv."""
    if sys.stdin.isatty():
        value: str = click.prompt(prompt, hide_input=True, confirmation_prompt=True)
        return value
    line = sys.stdin.readline()
    if not line.strip():
        raise click.ClickException("no password on standard input")
    return line.rstrip("\r\n")


def _create_app() -> Any:
    from lms import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def cli() -> None:
    """Company-internal eLearning: courses, quizzes and certificates."""


def register_commands(app: Flask) -> None:
    """Put every feature's commands on ``app.cli`` (``lms`` and ``flask`` find them)."""
    from lms.content.cli import content
    from lms.hr.cli_demo import demo
    from lms.hr.cli_export import export
    from lms.hr.cli_reminders import reminders
    from lms.hr.cli_users import users
    from lms.quiz.cli import quiz

    for group in (db, user, content, quiz, users, reminders, export, demo):
        app.cli.add_command(group)


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
    migrate.upgrade(url, revision)
    click.echo(f"database at {migrate.current_revision(url)}")


@db.command("downgrade")
@click.argument("revision")
@with_appcontext
@user_errors
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION ("base" removes every table)."""
    migrate.downgrade(current_app.config["LMS_DATABASE_URL"], revision)


@click.group()
def user() -> None:
    """Accounts."""


@user.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLE_VALUES),
    default=("learner",),
    show_default=True,
    help="Repeat for several roles.",
)
@click.option("--language", type=click.Choice(["en", "de"]), default="en")
@with_appcontext
@user_errors
def user_create(email: str, name: str, roles: tuple[str, ...], language: str) -> None:
    """Create an account; the password is read from a prompt or standard input."""
    session = get_session()
    if services.find_person(session, email) is not None:
        raise click.ClickException(f"an account for {email} already exists")
    password = read_password("Password")
    person = services.create_person(
        session,
        email=email,
        name=name,
        roles=roles,
        language=language,
        password=password,
    )
    session.commit()
    click.echo(f"created {person.email} ({', '.join(sorted(person.roles))})")


@user.command("set-password")
@click.argument("email")
@with_appcontext
@user_errors
def user_set_password(email: str) -> None:
    """Set a new password (prompt or standard input); ends the person's sessions."""
    session = get_session()
    person = services.get_person(session, email)
    services.set_password(session, person, read_password("New password"))
    session.commit()
    click.echo(f"password changed for {person.email}")


@user.command("deactivate")
@click.argument("email")
@with_appcontext
@user_errors
def user_deactivate(email: str) -> None:
    """Stop an account from logging in and end its sessions."""
    session = get_session()
    person = services.get_person(session, email)
    services.deactivate_person(session, person)
    session.commit()
    click.echo(f"deactivated {person.email}")


@user.command("ensure-admin")
@click.option("--email", default=DEFAULT_ADMIN_EMAIL, show_default=True)
@with_appcontext
@user_errors
def user_ensure_admin(email: str) -> None:
    """Create a first administrator with a one-time password if there is none."""
    session = get_session()
    created = services.ensure_first_admin(session, email)
    session.commit()
    if created is None:
        click.echo("an administrator exists already; no new password")
        return
    click.echo("First administrator created. Log in with:")
    click.echo(f"  e-mail:            {created.email}")
    click.echo(f"  one-time password: {created.password}")
    click.echo("You will be asked to choose your own password after logging in.")


def main() -> None:
    try:
        cli.main(prog_name="lms")
    except LmsError as exc:  # configuration problems surface while loading the app
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
