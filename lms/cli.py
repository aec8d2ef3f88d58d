"""The ``lms`` command line: the group, and each feature's commands put on it."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup

from lms.errors import LmsError


def _create_app() -> Any:
    from lms import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def cli() -> None:
    """Company-internal eLearning: courses, quizzes and certificates."""


def register_commands(app: Flask) -> None:
    """Put every feature's commands on ``app.cli`` (``lms`` and ``flask`` find them)."""
    from lms.auth.cli import user
    from lms.content.cli import content
    from lms.demo.cli import demo
    from lms.hr.cli import reminders
    from lms.hr.reports.cli import export
    from lms.migrate import db
    from lms.people.cli import users
    from lms.quiz.gift.cli import quiz

    for group in (db, user, content, quiz, users, reminders, export, demo):
        app.cli.add_command(group)


def main() -> None:
    try:
        cli.main(prog_name="lms")
    except LmsError as exc:  # configuration problems surface while loading the app
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
