"""An export in the reader's language: words, time zone and CSV style (CSV and XLSX).

The person exporting reads the file: headers, statuses and yes/no in their
language, times in the configured time zone (named in the header), and a CSV
their spreadsheet program splits into columns (";" and a decimal comma for
German Excel). Values stay typed; the writers in lms.files turn them into
cells. The JSON API keeps its stable codes and does not come through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.numbers import get_decimal_symbol
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from lms.config import SUPPORTED_LANGUAGES
from lms.errors import ValidationError
from lms.files.sheet_writer import SEPARATORS, CsvStyle, Sheet

SEPARATOR_CHOICES = tuple(SEPARATORS)

# The status codes of assignments (lms.hr.rules.Status) and certificates
# (lms.certify.status.CertificateStatus) in words; tests bind the two.
STATUS_WORDS: dict[str, LazyString] = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "overdue": _l("Overdue"),
    "expiring": _l("Expiring"),
    "expired": _l("Expired"),
    "valid": _l("Valid"),
    "revoked": _l("Revoked"),
    "superseded": _l("Superseded"),
}


@dataclass(frozen=True)
class ExportLocale:
    """The reader of one export: language, time zone, CSV separator and decimal."""

    language: str
    zone: ZoneInfo
    style: CsvStyle

    def local(self, moment: datetime | None) -> datetime | None:
        """A stored UTC moment as the wall-clock time in the zone (naive)."""
        if moment is None:
            return None
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def day(self, moment: datetime) -> date:
        """The day of a stored moment in the zone."""
        return moment.astimezone(self.zone).date()

    def timed(self, label: object) -> str:
        """A header of times, naming their zone: "Started (Europe/Berlin)"."""
        return str(_("%(label)s (%(zone)s)", label=str(label), zone=self.zone.key))


def status_words() -> dict[str, str]:
    """Each status code in the current language, looked up once per export."""
    return {code: str(words) for code, words in STATUS_WORDS.items()}


def yes_no(value: bool | None) -> str | None:
    """A yes/no value in words in the current language ("Ja", "Nein")."""
    if value is None:
        return None
    return str(_("Yes") if value else _("No"))


def default_separator(language: str) -> str:
    """Semicolon where the decimal sign is a comma (German Excel), else comma."""
    return "semicolon" if get_decimal_symbol(language) == "," else "comma"


def export_locale(
    language: str, separator: str | None = None, zone: str | None = None
) -> ExportLocale:
    """The reader's export locale; ValidationError for an unknown separator."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValidationError(
            _l(
                "Choose a language: %(choices)s.",
                choices=", ".join(SUPPORTED_LANGUAGES),
            ),
            "language",
        )
    chosen = (separator or "").strip().lower() or default_separator(language)
    if chosen not in SEPARATORS:
        raise ValidationError(
            _l("Choose a separator: comma, semicolon or tab."), "separator"
        )
    zone_name = zone or current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return ExportLocale(
        language,
        ZoneInfo(zone_name),
        CsvStyle(SEPARATORS[chosen], get_decimal_symbol(language)),
    )


def speaking(
    language: str, rows: Iterable[Sequence[object]]
) -> Iterator[Sequence[object]]:
    """Rows built in ``language``, however late the writer asks for them."""
    with force_locale(language):
        yield from rows


def sheet_in(language: str, build: Callable[[], Sheet]) -> Sheet:
    """The sheet ``build`` makes, its header and every row in ``language``."""
    with force_locale(language):
        sheet = build()
    return Sheet(sheet.name, sheet.header, speaking(language, sheet.rows))
