"""The `lms users` commands: import people from a CSV or XLSX file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.auth.services import TOKEN_LIFETIME
from lms.clitools import user_errors
from lms.db import get_session, utcnow
from lms.files.smtp import MailError, SmtpSettings
from lms.people.importing import (
    ImportResult,
    Outcome,
    all_problems,
    import_people,
    mark_invited,
    read_upload,
    set_password_link,
)
from lms.people.mail import Sender, send_password_links

MAX_FILE_BYTES = 256 * 1024 * 1024  # far beyond MAX_ROWS people; stops a wrong file


@click.group("users")
def users() -> None:
    """HR: import people."""


@users.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the good rows even when some rows have problems.",
)
@with_appcontext
@user_errors
def import_command(file: Path, dry_run: bool, skip_bad_rows: bool) -> None:
    """Create or update people from FILE (CSV or XLSX).

    People are matched by employee id, else by e-mail address; people missing
    from the file are left alone. New people get a set-password link, printed
    here and e-mailed when LMS_SMTP_HOST is set. When any row has a problem,
    nothing is imported unless --skip-bad-rows is given.
    """
    data = _read(file)
    session = get_session()
    upload = read_upload(data, file.name)
    for note in upload.notes:
        click.echo(f"note: {note}", err=True)
    if upload.fatal:
        for problem in upload.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("the file cannot be imported")
    result = import_people(
        session,
        None,
        upload.rows,
        utcnow(),
        dry_run=dry_run,
        columns=upload.columns,
        source=file.name,
        file_problems=upload.problems,
    )
    problems = all_problems(upload.problems, result.problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    bad_rows = sorted({problem.row for problem in problems})
    if dry_run:
        session.rollback()
        _print_outcomes(result)
    if bad_rows and not skip_bad_rows:
        session.rollback()
        would = " would be" if dry_run else ""
        click.echo(
            f"{len(bad_rows)} bad row(s): nothing{would} imported. Fix the file, or"
            " use --skip-bad-rows to import the other rows.",
            err=True,
        )
        sys.exit(1)
    if dry_run:
        click.echo(
            f"dry run: {_summary(result, bad_rows, 'would be ')}; nothing changed"
        )
        return
    session.commit()
    base_url = current_app.config["LMS_BASE_URL"]
    links = {
        person.email: set_password_link(base_url, person.token)
        for person in result.new_people
        if person.token
    }
    for email, link in links.items():
        click.echo(f"{email}  {link}")
    _mail_links(result, links)
    click.echo(f"imported: {_summary(result, bad_rows, '')}")


def _read(file: Path) -> bytes:
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise click.ClickException(
            f"cannot read {file}: {error.strerror or error}"
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise click.ClickException(f"{file} is too large for a people file")
    return data


def _summary(result: ImportResult, bad_rows: list[int], would: str) -> str:
    parts = [
        f"{result.created} {would}created",
        f"{result.updated} {would}updated",
        f"{result.unchanged} unchanged",
    ]
    if bad_rows:
        rows = ", ".join(str(row) for row in bad_rows[:20])
        more = ", …" if len(bad_rows) > 20 else ""
        parts.append(f"{len(bad_rows)} bad row(s) skipped (rows {rows}{more})")
    if result.departments_created:
        names = ", ".join(result.departments_created)
        parts.append(f"departments {would}created: {names}")
    return ", ".join(parts)


def _print_outcomes(result: ImportResult) -> None:
    for item in result.outcomes:
        line = f"row {item.row}: {item.outcome.value} {item.email}"
        if item.outcome is Outcome.UPDATE:
            line += f" ({', '.join(item.changes)})"
        elif item.outcome is Outcome.PROBLEM:
            line = f"row {item.row}: skipped {item.email}"
        click.echo(line)


def _mail_links(result: ImportResult, links: dict[str, str]) -> None:
    try:
        settings = SmtpSettings.from_config(current_app.config)
        if settings is None or not links:
            return
        report = send_password_links(
            settings,
            [
                (person.email, person.name, person.language, links[person.email])
                for person in result.new_people
                if person.email in links
            ],
            TOKEN_LIFETIME.days,
            utcnow(),
            Sender.from_config(current_app.config),
        )
    except MailError as error:
        click.echo(f"warning: {error}; give the links above by hand", err=True)
        return
    for address, reason in report.failed:
        click.echo(f"warning: no e-mail to {address}: {reason}", err=True)
    if report.sent:
        mark_invited(get_session(), report.sent, utcnow())
        get_session().commit()
    click.echo(f"e-mailed {len(report.sent)} invitation(s) with a set-password link")
