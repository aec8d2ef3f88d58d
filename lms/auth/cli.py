"""The `lms user` commands: create accounts, set passwords, deactivate, first admin."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.auth import services
from lms.clitools import box, read_password, user_errors
from lms.config import DEFAULT_HOST, loopback_link_warning
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
@click.option(
    "--welcome",
    is_flag=True,
    help="Used by `make run`: print the address, the login and any warning about "
    "LMS_BASE_URL in a box, as the last lines before the server starts.",
)
@with_appcontext
@user_errors
def user_ensure_admin(email: str, welcome: bool) -> None:
    """Create a first administrator with a one-time password if there is none."""
    session = get_session()
    created = services.ensure_first_admin(session, email)
    session.commit()
    if created is None:
        lines = ["An administrator exists already; no new password."]
    else:
        lines = [
            "First administrator created. Log in with:",
            f"  e-mail:            {created.email}",
            f"  one-time password: {created.password}",
            "You will be asked to choose your own password after logging in.",
        ]
    if not welcome:
        click.echo("\n".join(lines))
        return
    click.echo(box(welcome_lines(lines)))


def welcome_lines(login: list[str]) -> list[str]:
    """The start-up box: where to open the site, how to log in, what is wrong.

    The server's listening host comes from ``LMS_HOST``, as in the Makefile.
    """
    base_url = current_app.config["LMS_BASE_URL"]
    lines = [f"Open {base_url} in your browser.", "", *login]
    warning = loopback_link_warning(
        base_url, os.environ.get("LMS_HOST") or DEFAULT_HOST
    )
    if warning:
        lines += ["", f"WARNING: {warning}"]
    return [*lines, "", "Stop the server with Ctrl+C."]
