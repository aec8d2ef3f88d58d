"""``lms content check`` and ``lms content sync``: courses and banks together."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.config import course_facts_file
from lms.content.sync import SyncReport
from lms.db import get_session, utcnow
from lms.sync import check_all, sync_all


def _facts_file() -> Path | None:
    return course_facts_file(current_app.config)


def _dirs(directory: Path | None) -> tuple[Path, Path]:
    """The courses folder and the quizzes folder next to it."""
    if directory is None:
        return Path(current_app.config["LMS_CONTENT_DIR"]), Path(
            current_app.config["LMS_QUIZ_DIR"]
        )
    directory = directory.resolve()
    if (directory / "courses").is_dir():  # a project folder was given
        return directory / "courses", directory / "quizzes"
    return directory, directory.parent / "quizzes"


def _print_problems(report: SyncReport) -> None:
    for line in report.lines:
        click.echo(line)
    click.echo(f"{len(report.problems)} problem(s) found", err=True)


def _print_warnings(report: SyncReport) -> None:
    for line in report.warning_lines:
        click.echo(line)
    if report.warnings:
        click.echo(
            f"{len(report.warnings)} item-writing warning(s)"
            " (--strict makes them errors)",
            err=True,
        )


STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Treat item-writing warnings (answer cues in question banks) as errors.",
)


@click.group()
def content() -> None:
    """Course and question-bank content."""


@content.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@STRICT
@with_appcontext
def content_check(directory: Path | None, strict: bool) -> None:
    """Check courses (and quizzes) and print every problem as path:line: message."""
    courses_dir, quizzes_dir = _dirs(directory)
    report = check_all(
        courses_dir, quizzes_dir, strict=strict, facts_file=_facts_file()
    )
    _print_warnings(report)
    if report.problems:
        _print_problems(report)
        raise SystemExit(1)
    click.echo("no problems found")


@content.command("sync")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@STRICT
@with_appcontext
def content_sync(directory: Path | None, strict: bool) -> None:
    """Check, then load everything into the database in one transaction."""
    courses_dir, quizzes_dir = _dirs(directory)
    session = get_session()
    report = sync_all(
        session,
        courses_dir,
        quizzes_dir,
        utcnow(),
        strict=strict,
        facts_file=_facts_file(),
    )
    _print_warnings(report)
    if report.problems:
        session.rollback()
        _print_problems(report)
        click.echo("nothing was changed", err=True)
        raise SystemExit(1)
    session.commit()
    click.echo(
        f"synced: {len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.retired)} retired, {report.unchanged} unchanged lessons"
    )
