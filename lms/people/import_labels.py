"""The people file in the reader's language: column labels, messages, templates.

The reader (lms.people.import_rows) knows English and German header labels; the
labels here are the ones the template files carry, and a test checks that the
import reads every one of them back in every language.
"""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from lms.files.sheet_writer import Sheet, write_xlsx
from lms.people.import_rows import COLUMNS, RowProblem

COLUMN_LABELS: dict[str, LazyString] = {
    "email": _l("E-mail address"),
    "name": _l("Name"),
    "employee_id": _l("Employee id"),
    "department": _l("Department"),
    "manager": _l("Manager"),
    "language": _l("Language"),
    "roles": _l("Roles"),
    "active": _l("Active"),
}
# Decimal comma locales expect ";" between CSV fields (Excel's list separator).
CSV_SEPARATORS = {"de": ";"}
TEMPLATE_FORMATS = ("csv", "xlsx")


def column_label(column: str) -> str:
    """A column's name in the reader's language (the code if unknown)."""
    label = COLUMN_LABELS.get(column)
    return str(label) if label is not None else column


def problem_text(problem: RowProblem) -> str:
    """A row problem's message in the reader's language."""
    if not problem.template:
        return problem.message
    params = dict(problem.params)
    if "why" in params:  # the e-mail check's reason, kept in English: a msgid
        params["why"] = str(_(params["why"]))
    return str(_(problem.template, **params))


def template_header(language: str) -> list[str]:
    with force_locale(language):
        return [column_label(column) for column in COLUMNS]


def template_file(kind: str, language: str) -> bytes:
    """An empty people file (header only) in the language: CSV or XLSX."""
    header = template_header(language)
    if kind == "xlsx":
        buffer = io.BytesIO()
        with force_locale(language):
            name = str(_("People"))
        write_xlsx(buffer, [Sheet(name, header, [])])
        return buffer.getvalue()
    text = io.StringIO()
    csv.writer(
        text, delimiter=CSV_SEPARATORS.get(language, ","), lineterminator="\r\n"
    ).writerow(header)
    return ("\ufeff" + text.getvalue()).encode("utf-8")
