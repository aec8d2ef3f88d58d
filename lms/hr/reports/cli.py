"""The `lms export` commands: the HR exports written to a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from lms.clitools import user_errors
from lms.config import SUPPORTED_LANGUAGES
from lms.db import get_session, utcnow
from lms.files.sheet_writer import Sheet, csv_bytes, write_xlsx
from lms.files.zipstream import ZipMember, stream_zip
from lms.hr.reports import kinds as exports
from lms.web.export_locale import SEPARATOR_CHOICES, export_locale

HELP = {
    "certificates": "Certificates (CSV, XLSX, or a ZIP of their PDFs).",
    "matrix": "The training matrix as of today.",
    "attempts": "Quiz attempts, one row per answered question.",
    "snapshot": "The training matrix as it stood on --as-of (required).",
    "audit": "The audit log (filtered by --as-of only).",
    "refreshers": "Refresher retention per month, course, topic and department.",
}


@click.group("export")
def export() -> None:
    """HR: export certificates, the matrix, attempts, snapshots, the audit log."""


class _Counter:
    """Counts what passes through, for the closing message."""

    def __init__(self) -> None:
        self.count = 0

    def rows(self, rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
        for row in rows:
            self.count += 1
            yield row

    def members(self, members: Iterable[ZipMember]) -> Iterator[ZipMember]:
        for member in members:
            self.count += 1
            yield member


def _write_atomically(out: Path, write: Callable[[Any], None]) -> None:
    """Write next to ``out`` and rename, so a failed export leaves no half file."""
    folder = out.resolve().parent
    if not folder.is_dir():
        raise click.ClickException(f"no such folder: {folder}")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  (renamed or removed below)
        dir=folder, prefix=f".{out.name}.", delete=False
    )
    try:
        with handle:
            write(handle)
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _run(
    kind: str,
    fmt: str,
    course: str | None,
    department: str | None,
    status: str | None,
    as_of: str | None,
    out: Path,
    language: str = "en",
    separator: str | None = None,
) -> None:
    session = get_session()
    now = utcnow()
    today = now.date()
    filters = exports.find_filters(
        session,
        course=course,
        department=department,
        status=status,
        as_of=exports.parse_day(as_of),
    )
    exports.check_export(kind, fmt, filters, today)
    where = export_locale(language, separator)
    counter = _Counter()
    if fmt == "zip":
        members = counter.members(exports.certificate_members(session, filters, today))

        def write(handle: Any) -> None:
            for chunk in stream_zip(members):
                handle.write(chunk)

    else:
        built = exports.build_sheet(session, kind, filters, today, where)
        sheet = Sheet(built.name, built.header, counter.rows(built.rows))

        def write(handle: Any) -> None:
            if fmt == "csv":
                for chunk in csv_bytes(sheet.header, sheet.rows, where.style):
                    handle.write(chunk)
            else:
                write_xlsx(handle, [sheet])

    _write_atomically(out, write)
    exports.record_export(session, None, kind, fmt, filters, now)
    session.commit()
    noun = "PDFs" if fmt == "zip" else "rows"
    click.echo(f"wrote {counter.count} {noun} to {out}")


def _command(kind: str) -> click.Command:
    @click.option(
        "--format",
        "fmt",
        default="csv",
        show_default=True,
        metavar="csv|xlsx|zip",
        help="zip only for certificates.",
    )
    @click.option("--course", metavar="SLUG", help="Only this course.")
    @click.option("--department", metavar="NAME", help="Only this department.")
    @click.option("--status", help="Only rows with this status.")
    @click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="As of this day.")
    @click.option(
        "--language",
        type=click.Choice(SUPPORTED_LANGUAGES),
        default="en",
        show_default=True,
        help="Headers, statuses, yes/no and course titles in this language.",
    )
    @click.option(
        "--separator",
        type=click.Choice(SEPARATOR_CHOICES),
        help="CSV separator; default: semicolon for German, comma otherwise.",
    )
    @click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="The file to write (replaced if it exists).",
    )
    @with_appcontext
    @user_errors
    def command(
        fmt: str,
        course: str | None,
        department: str | None,
        status: str | None,
        as_of: str | None,
        language: str,
        separator: str | None,
        out: Path,
    ) -> None:
        _run(
            kind,
            fmt.lower(),
            course,
            department,
            status,
            as_of,
            out,
            language,
            separator,
        )

    command.__doc__ = HELP[kind]
    return click.command(kind)(command)


for _kind in exports.KINDS:
    export.add_command(_command(_kind))
