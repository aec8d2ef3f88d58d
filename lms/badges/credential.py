"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (unsigned).

Pure: plain facts in, a JSON-LD dict out. The holder is named, not hashed: the
credential is embedded in the PDF that prints the name anyway and is handed to
the holder, who shares it; an auditor compares the name with an ID. The e-mail
address and internal ids stay out (an outside verifier could not use them, and
they would make the holder traceable across systems).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from lms.badges.documents import CREDENTIALS_V2, OPEN_BADGES_V3
from lms.badges.proof import xsd_datetime
from lms.certify.localtime import zone

_TEXTS: Final = {
    "en": {
        "name": "Certificate {number}: {course}",
        "description": "Completion of the course “{course}”.",
        "path": "Completion of the course “{course}” in the learning path “{path}”.",
        "criteria": "Completed every lesson of the course “{course}” and passed "
        "its final exam.",
        "score": " Score: {score} %.",
    },
    "de": {
        "name": "Zertifikat {number}: {course}",
        "description": "Abschluss des Kurses „{course}“.",
        "path": "Abschluss des Kurses „{course}“ im Lernpfad „{path}“.",
        "criteria": "Alle Lektionen des Kurses „{course}“ abgeschlossen und die "
        "Abschlussprüfung bestanden.",
        "score": " Ergebnis: {score} %.",
    },
}


@dataclass(frozen=True, slots=True)
class IssuerProfile:
    did: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class BadgeFacts:
    """What the credential says about one certificate."""

    credential_id: str  # the certificate's verify URL
    achievement_id: str
    holder_name: str
    course_title: str
    number: str
    language: str
    issued_at: datetime
    valid_until: date | None
    time_zone: str
    score_percent: float | None
    path_title: str | None
    status_entry: dict[str, str]


def valid_until_moment(day: date, time_zone: str) -> datetime:
    """The last second of ``day`` in the configured zone: valid up to and
    including that day (lms.certify.status)."""
    end = datetime.combine(day + timedelta(days=1), time.min, zone(time_zone))
    return end - timedelta(seconds=1)


def open_badge(facts: BadgeFacts, issuer: IssuerProfile) -> dict[str, Any]:
    texts = _TEXTS.get(facts.language, _TEXTS["en"])
    description = (
        texts["path"].format(course=facts.course_title, path=facts.path_title)
        if facts.path_title
        else texts["description"].format(course=facts.course_title)
    )
    narrative = texts["criteria"].format(course=facts.course_title)
    if facts.score_percent is not None:
        narrative += texts["score"].format(score=f"{facts.score_percent:g}")
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": texts["name"].format(number=facts.number, course=facts.course_title),
        "issuer": {
            "id": issuer.did,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
        },
        "validFrom": xsd_datetime(facts.issued_at),
        "awardedDate": xsd_datetime(facts.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": facts.holder_name,
                }
            ],
            "achievement": {
                "id": facts.achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": facts.course_title,
                "description": description,
                "criteria": {"narrative": narrative},
                "inLanguage": facts.language,
            },
        },
        "credentialStatus": facts.status_entry,
    }
    if facts.valid_until is not None:
        credential["validUntil"] = xsd_datetime(
            valid_until_moment(facts.valid_until, facts.time_zone)
        )
    return credential
