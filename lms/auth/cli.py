"""The `lms user` commands: create accounts, set passwords, deactivate, first admin."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lms.auth import services
from lms.clitools import read_password, user_errors
from lms.db import get_session
from lms.models.person import ROLE_VALUES

DEFAULT_ADMIN_EMAIL = "admin@example.com"


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
