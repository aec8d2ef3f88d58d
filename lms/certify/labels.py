"""Certificate wording per learner language, and language-aware dates and scores."""

from __future__ import annotations

from datetime import date
from typing import Final, Literal, get_args

from lms.web.formatting import long_date, percent

Language = Literal["en", "de"]
LANGUAGES: Final[tuple[str, ...]] = get_args(Language)

# en_GB, not en_US: the certificate says "22 November 2026", day first.
_LOCALES: Final[dict[str, str]] = {"en": "en_GB", "de": "de_DE"}

LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "Certificate of Completion",
        "before_name": "This is to certify that",
        "before_course": "has successfully completed the course",
        "after_course": "",
        "completed_on": "Completed on",
        "score": "Score",
        "path": "Path",
        "valid_until": "Valid until",
        "no_expiry": "No expiry",
        "number": "Certificate no.",
        "verification_code": "Verification code",
        "content_version": "Content version",
        "issued_on": "Issued on",
        "verify_hint": "Scan the code or visit this address to verify the certificate:",
        "attachment": "Machine-readable record of this certificate (JSON)",
        "learned": "Modules completed",
        "duration": "Learning time",
        "hours": "{hours} hours",
        "issued_by": "Issued by",
    },
    "de": {
        "title": "Abschlusszertifikat",
        "before_name": "Hiermit wird bestätigt, dass",
        "before_course": "den Kurs",
        "after_course": "erfolgreich abgeschlossen hat.",
        "completed_on": "Abgeschlossen am",
        "score": "Ergebnis",
        "path": "Lernpfad",
        "valid_until": "Gültig bis",
        "no_expiry": "Unbefristet",
        "number": "Zertifikatsnummer",
        "verification_code": "Prüfcode",
        "content_version": "Inhaltsversion",
        "issued_on": "Ausgestellt am",
        "verify_hint": "Code scannen oder diese Adresse aufrufen, um das Zertifikat "
        "zu prüfen:",
        "attachment": "Maschinenlesbarer Datensatz dieses Zertifikats (JSON)",
        "learned": "Abgeschlossene Module",
        "duration": "Lernzeit",
        "hours": "{hours} Stunden",
        "issued_by": "Ausgestellt von",
    },
}


def labels_for(language: str) -> dict[str, str]:
    """Return the label table for ``language`` ('en' or 'de')."""
    try:
        return LABELS[language]
    except KeyError:
        raise ValueError(f"unsupported certificate language: {language!r}") from None


def format_day(day: date, language: str) -> str:
    """Format a date in words: 22 November 2026, 22. November 2026."""
    return long_date(day, _LOCALES[language])


def format_score(score_percent: float, language: str) -> str:
    """Format a percentage with one decimal only when needed: 92.5%, 80 %."""
    return percent(score_percent, _LOCALES[language])
