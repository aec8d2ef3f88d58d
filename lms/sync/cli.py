"""``lms content check`` and ``lms content sync``: courses and banks together."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.config import course_facts_file
from lms.content.schema import Problem
from lms.content.sync import SyncReport
from lms.db import get_session, utcnow
from lms.models import Course
from lms.sync import check_all, sync_all, translation_warnings


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
    _print_translation_warnings(translation_warnings(courses_dir))
    if report.problems:
        _print_problems(report)
        raise SystemExit(1)
    click.echo("no problems found")


def _print_translation_warnings(warnings: list[Problem]) -> None:
    """Missing translations: warnings, also under --strict (English, as the CLI)."""
    for warning in warnings:
        click.echo(f"{warning.path}:{warning.line}: warning: {warning.message}")
    if warnings:
        click.echo(
            f"{len(warnings)} missing-translation warning(s) (not errors, "
            "also not with --strict)",
            err=True,
        )


def _kept_content(session: Session) -> str:
    """What learners see after a refused sync at start: the last good content."""
    courses = session.scalar(select(func.count(Course.id))) or 0
    if courses:
        return "the site starts with the content of the last successful sync"
    return "the site starts without courses: none was ever synced"


@content.command("sync")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@STRICT
@click.option(
    "--at-start",
    is_flag=True,
    help="Used by `make run`: print problems but exit 0, keeping the last good "
    "content, so that a broken file never keeps the site from starting.",
)
@with_appcontext
def content_sync(directory: Path | None, strict: bool, at_start: bool) -> None:
    """Check, then load everything into the database in one transaction."""
    courses_dir, quizzes_dir = _dirs(directory)
    session = get_session()
    if not at_start:
        if not _sync(session, courses_dir, quizzes_dir, strict):
            raise SystemExit(1)
        return
    try:
        ok = _sync(session, courses_dir, quizzes_dir, strict)
    except Exception as exc:  # noqa: BLE001  (a broken file must not stop the site)
        session.rollback()
        click.echo(f"content sync failed: {exc}", err=True)
        ok = False
    if not ok:
        click.echo(f"{_kept_content(session)}; fix the files above", err=True)


def _sync(session: Session, courses_dir: Path, quizzes_dir: Path, strict: bool) -> bool:
    """Sync and print the outcome; False (nothing changed) when there are problems."""
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
        return False
    session.commit()
    click.echo(
        f"synced: {len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.retired)} retired, {report.unchanged} unchanged lessons"
    )
    return True
