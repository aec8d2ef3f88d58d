"""Importing people from a people file: read, upsert, audit; the set-password links."""

from __future__ import annotations

import base64
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.auth.services import TOKEN_LIFETIME
from lms.db import utcnow
from lms.files.smtp import MailError, SmtpSettings
from lms.jobs.api import JobContext, JobFailed, JobResult, job_function
from lms.models import Person
from lms.people.bulk import NewPerson, Outcome, RowOutcome
from lms.people.import_rows import PersonRow, RowProblem, read_people
from lms.people.mail import Sender, send_password_links
from lms.people.upsert import ALL_COLUMNS, Importer

IMPORT_ACTION = "people.import"
__all__ = [
    "ALL_COLUMNS",
    "IMPORT_ACTION",
    "ImportResult",
    "NewPerson",
    "Outcome",
    "PeopleUpload",
    "PreviewRow",
    "RowOutcome",
    "all_problems",
    "import_people",
    "mark_invited",
    "preview_rows",
    "read_upload",
    "set_password_link",
]


@dataclass(frozen=True)
class ImportResult:
    dry_run: bool
    outcomes: tuple[RowOutcome, ...]
    # Problems found against the database (e-mail clashes, unknown managers, ...);
    # those rows are left out. Problems of the file itself are the reader's.
    problems: tuple[RowProblem, ...]
    new_people: tuple[NewPerson, ...]  # empty on a dry run
    departments_created: tuple[str, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.outcomes if item.outcome is outcome)

    @property
    def created(self) -> int:
        return self.count(Outcome.CREATE)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def new_people_ids(self) -> tuple[int, ...]:
        """The people this import created: the hook for applying assignment rules."""
        return tuple(person.person_id for person in self.new_people)


@dataclass(frozen=True)
class PeopleUpload:
    """A people file as read: valid rows, problems, notes and the columns it has."""

    rows: tuple[PersonRow, ...]
    problems: tuple[RowProblem, ...]
    notes: tuple[str, ...]
    columns: frozenset[str]
    header_row: int
    raw: tuple[tuple[int, str, str], ...] = ()  # rows with problems, as typed

    def is_fatal(self, problem: RowProblem) -> bool:
        """A problem with the file as a whole: skipping bad rows cannot help."""
        return not problem.column or problem.row in (0, self.header_row)

    @property
    def fatal(self) -> bool:
        return any(self.is_fatal(problem) for problem in self.problems)


def read_upload(data: bytes, filename: str) -> PeopleUpload:
    """Read a people file; never raises for bad input."""
    people = read_people(data, filename)
    return PeopleUpload(
        people.rows,
        people.problems,
        people.notes,
        people.columns,
        people.header_row,
        people.raw,
    )


def all_problems(*groups: Iterable[RowProblem]) -> list[RowProblem]:
    """Problems from several checks, each once, in row order."""
    unique = {problem: None for group in groups for problem in group}
    return sorted(unique, key=lambda problem: problem.row)


@dataclass(frozen=True)
class PreviewRow:
    """One row of the file as the preview shows it: outcome and problems."""

    row: int
    email: str
    name: str
    outcome: Outcome
    changes: tuple[str, ...] = ()
    problems: tuple[RowProblem, ...] = ()


def preview_rows(
    upload: PeopleUpload, result: ImportResult | None, problems: Sequence[RowProblem]
) -> list[PreviewRow]:
    """Every row with an outcome or a problem, in file order."""
    by_row: dict[int, list[RowProblem]] = {}
    for problem in problems:
        if not upload.is_fatal(problem):
            by_row.setdefault(problem.row, []).append(problem)
    rows = {
        item.row: PreviewRow(
            item.row, item.email, item.name, item.outcome, item.changes
        )
        for item in (result.outcomes if result else ())
    }
    typed = {number: (email, name) for number, email, name in upload.raw}
    for number, found in by_row.items():
        known = rows.get(number)
        email, name = typed.get(number, ("", ""))
        rows[number] = PreviewRow(
            number,
            known.email if known else email,
            known.name if known else name,
            Outcome.PROBLEM,
            problems=tuple(found),
        )
    return [rows[number] for number in sorted(rows)]


def mark_invited(session: Session, emails: Iterable[str], now: datetime) -> None:
    """Record that these people's invitations went out now."""
    addresses = list(emails)
    for start in range(0, len(addresses), 1000):
        session.execute(
            update(Person)
            .where(Person.email.in_(addresses[start : start + 1000]))
            .values(invited_at=now)
        )


def set_password_link(base_url: str, token: str) -> str:
    """The absolute set-password URL (the auth.set_password route) for a token."""
    return f"{base_url.rstrip('/')}/set-password/{token}"


def import_people(
    session: Session,
    actor: Person | None,
    rows: Sequence[PersonRow],
    now: datetime,
    *,
    dry_run: bool,
    columns: Collection[str] = ALL_COLUMNS,
    source: str = "",
    file_problems: Iterable[RowProblem] = (),
) -> ImportResult:
    """Create or update the people of valid rows; people not in the rows stay as is.

    A row updates the person with its employee id, else the one with its e-mail
    address, else creates a person. Only the given columns are changed for
    existing people (a file without a roles column keeps everyone's roles); an
    empty department or manager cell clears it. Rows that clash with the database
    become problems and are left out; the caller decides whether to commit when
    there are problems. A dry run only reads. actor None means the command line.
    file_problems are the rows the reader left out: the audit entry counts them
    with the rows left out here as "skipped".
    """
    importer = Importer(session, actor, rows, columns)
    importer.plan()
    departments = tuple(importer.new_department_names())
    outcomes = importer.outcomes()
    new_people: tuple[NewPerson, ...] = ()
    if not dry_run:
        new_people = importer.apply(now)
    result = ImportResult(
        dry_run=dry_run,
        outcomes=outcomes,
        problems=tuple(all_problems(importer.problems)),
        new_people=new_people,
        departments_created=departments,
    )
    if not dry_run:
        audit(
            session,
            actor,
            IMPORT_ACTION,
            (source or "people")[:200],
            details={
                "rows": len(rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": len(
                    {
                        problem.row
                        for problem in (*file_problems, *result.problems)
                        if problem.row
                    }
                ),
                "departments_created": list(departments),
            },
            now=now,
        )
        session.flush()
    return result


RESULT_TYPE = "application/json"


@job_function(_l("Import people"), page="hr_people.import_result")
def import_confirmed(
    ctx: JobContext, data: str, filename: str, skip: bool, actor_id: int
) -> JobResult:
    """The job of a confirmed people file: the import, the e-mails, a summary.

    The summary (counts, rows left out and why, e-mails sent) is JSON for the
    result page; it holds no set-password link: those go out by e-mail, or HR
    makes new ones from the result page.
    """
    session = ctx.session
    actor = session.get(Person, actor_id)
    if actor is None:
        raise JobFailed(_l("The person who started the job no longer exists."))
    upload = read_upload(base64.b64decode(data), filename)
    if upload.fatal:
        raise JobFailed(_l("The file can no longer be read; upload it again."))
    ctx.progress(0, total=len(upload.rows))
    result = import_people(
        session,
        actor,
        upload.rows,
        utcnow(),
        dry_run=False,
        columns=upload.columns,
        source=filename,
        file_problems=upload.problems,
    )
    problems = all_problems(upload.problems, result.problems)
    if problems and not skip:
        raise JobFailed(
            _l("Nothing was imported: some rows have problems. Upload the file again.")
        )
    ctx.progress(len(upload.rows))  # commits the import, before any e-mail
    summary = _summary(filename, result, problems)
    summary |= _send_links(session, result.new_people)
    return JobResult(
        json.dumps(summary).encode("utf-8"), "people-import.json", RESULT_TYPE
    )


def _summary(
    filename: str, result: ImportResult, problems: Sequence[RowProblem]
) -> dict[str, Any]:
    return {
        "filename": filename,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "departments_created": list(result.departments_created),
        "skipped": sorted({problem.row for problem in problems}),
        "problems": [
            [p.row, p.column, p.message, p.template, [list(x) for x in p.params]]
            for p in problems
        ],
        "new_people": [person.person_id for person in result.new_people],
    }


def _send_links(session: Session, people: Sequence[NewPerson]) -> dict[str, Any]:
    """E-mail the new people their set-password links, when e-mail is set up."""
    config = current_app.config
    try:
        settings = SmtpSettings.from_config(config)
        if settings is None or not people:
            return {"mail": settings is not None}
        base = config["LMS_BASE_URL"]
        report = send_password_links(
            settings,
            [
                (p.email, p.name, p.language, set_password_link(base, p.token))
                for p in people
                if p.token
            ],
            TOKEN_LIFETIME.days,
            utcnow(),
            Sender.from_config(config),
        )
    except MailError as error:
        current_app.logger.warning("set-password e-mails not sent: %s", error)
        return {"mail": True, "mail_error": str(error)}
    mark_invited(session, report.sent, utcnow())
    return {"mail": True, "sent": list(report.sent), "failed": report.failed}


def problems_of(summary: dict[str, Any]) -> list[RowProblem]:
    """The summary's row problems, to show in the reader's language."""
    return [
        RowProblem(row, column, message, template, tuple(tuple(x) for x in params))
        for row, column, message, template, params in summary.get("problems", [])
    ]
