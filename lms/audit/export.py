"""The audit log as a sheet (CSV or XLSX) in the reader's language.

Each row: when (in the configured zone), who, the action's name, the entry as
a sentence, and the stored target, reason and details (JSON) for checking.
Names are looked up per batch of entries, so the queries do not grow with
the log.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from lms.audit.actions import action_label
from lms.audit.describe import sentence
from lms.audit.log import BATCH, AuditFilters, audit_lines
from lms.audit.names import find_names
from lms.audit.sentences import actor
from lms.files.sheet_writer import Sheet
from lms.web.export_locale import ExportLocale

AUDIT_HEADER = (
    _l("When"),  # names its zone: see audit_sheet
    _l("Who"),
    _l("Action"),
    _l("What happened"),
    _l("Target"),
    _l("Reason"),
    _l("Details"),
)


def audit_rows(
    session: Session, filters: AuditFilters, where: ExportLocale
) -> Iterator[Sequence[object]]:
    """Every entry the filters keep, newest first, as the reader reads it."""
    lines = audit_lines(session, filters)
    while batch := list(itertools.islice(lines, BATCH)):
        names = find_names(session, batch, where.language)
        for line in batch:
            yield (
                where.local(line.at),
                actor(line),
                action_label(line.action),
                sentence(line, names),
                line.target,
                line.reason,
                line.details_json,
            )


def audit_sheet(session: Session, filters: AuditFilters, where: ExportLocale) -> Sheet:
    """The sheet; build it in the reader's language (lms.web.export_locale)."""
    header = [str(label) for label in AUDIT_HEADER]
    header[0] = where.timed(header[0])
    return Sheet(str(_l("Audit log")), header, audit_rows(session, filters, where))
