"""The ``lms`` console command: the group that builds the app and runs its commands.

Which commands the app carries is decided in ``lms.commands`` (the factory adds them).
"""

from __future__ import annotations

import sys
from typing import Any

import click
from flask.cli import FlaskGroup

from lms.errors import LmsError


def _create_app() -> Any:
    from lms import create_app

    # The default-LMS_BASE_URL warning belongs to what serves or issues
    # (gunicorn, the job worker), not to every command an admin types.
    serving = sys.argv[1:2] == ["worker"]
    return create_app(None if serving else {"LMS_QUIET_BASE_URL": True})


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def cli() -> None:
    """Company-internal eLearning: courses, quizzes and certificates."""


def main() -> None:
    try:
        cli.main(prog_name="lms")
    except LmsError as exc:  # configuration problems surface while loading the app
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
