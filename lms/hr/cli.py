"""The `lms reminders` commands."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.certify.localtime import local_day
from lms.clitools import user_errors
from lms.db import get_session, utcnow
from lms.files.smtp import SmtpSettings
from lms.hr.assignments import reopen_expired
from lms.hr.reminders import Reminder, send_due


@click.group("reminders")
def reminders() -> None:
    """HR: reminders."""


@reminders.command("send")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Act as if it were this day (YYYY-MM-DD); default: today in LMS_TIMEZONE.",
)
@with_appcontext
@user_errors
def send(today: datetime | None) -> None:
    """List, and e-mail where SMTP is set up, who is due soon, overdue or expiring.

    Each reminder goes out once a day: a second run on the same day sends
    nothing new.
    """
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    day: date = today.date() if today else local_day(utcnow(), zone)
    session = get_session()
    reopened = reopen_expired(session, day)
    if reopened:
        click.echo(f"re-opened {reopened} assignment(s) with an expired certificate")
    settings = SmtpSettings.from_config(current_app.config)
    run = send_due(
        session,
        day,
        settings,
        base_url=current_app.config["LMS_BASE_URL"],
        now=utcnow(),
    )
    session.commit()
    new, failures = run.new, run.failures
    if not new:
        click.echo(f"nothing new on {day.isoformat()}")
        return
    _print_table(new)
    if not run.mailed:
        click.echo(
            f"{len(new)} reminder(s) recorded; not e-mailed (LMS_SMTP_HOST is not set)"
        )
        return
    failed = [reminder for failure in failures for reminder in failure.reminders]
    people = len({reminder.person_id for reminder in new})
    click.echo(
        f"e-mailed {people - len(failures)} of {people} people "
        f"({len(new) - len(failed)} reminder(s))"
    )
    for failure in failures:
        click.echo(f"could not e-mail {failure.email}: {failure.error}", err=True)
    if failures:
        raise SystemExit(1)


def _print_table(rows: list[Reminder]) -> None:
    header = ("E-mail", "Course", "Kind", "Date")
    cells = [
        (row.email, row.course_title, row.kind.value, row.day.isoformat())
        for row in rows
    ]
    widths = [max(len(header[i]), *(len(cell[i]) for cell in cells)) for i in range(3)]
    for line in (header, *cells):
        click.echo(
            "  ".join(
                value.ljust(width)
                for value, width in zip(line[:3], widths, strict=True)
            )
            + "  "
            + line[3]
        )
