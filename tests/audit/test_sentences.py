"""Every action in the audit log reads as a sentence, in English and in German."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from lms.audit.actions import ACTION_LABELS
from lms.audit.describe import SENTENCES, sentence
from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.hr.reports.kinds import KINDS

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HANNA = (3, "Hanna Berg")
ARTHUR = (4, "Arthur Autor")
LENA = {"person_id": 7}
TITLES = {
    "en": "Customer Service Essentials",
    "de": "Grundlagen des Kundenservice",
}
NUMBER = "CSE-2026-000001"

# action, actor, target, reason, details, English, German
CASES: list[tuple[str, Any, str, str, dict[str, Any], str, str]] = [
    (
        "assignment.create",
        HANNA,
        "course:cse",
        "",
        {
            "course": "cse",
            "target": "department",
            "department": "Sales",
            "due_on": None,
            "due_in_days": 30,
            "path": None,
            "people": 4,
            "created": 4,
            "updated": 0,
            "rule_id": 1,
        },
        "Hanna Berg assigned 'Customer Service Essentials' to the department Sales,"
        " due in 30 days. New: 4, changed due date: 0.",
        "Hanna Berg hat „Grundlagen des Kundenservice“ der Abteilung Sales"
        " zugewiesen, fällig in 30 Tagen. Neu: 4, mit geändertem"
        " Fälligkeitsdatum: 0.",
    ),
    (
        "assignment.reopen",
        None,
        "assignments",
        "",
        {"reopened": 3, "renewal_days": 30},
        "The system reopened 3 assignments for renewal, 30 days before their"
        " certificates expire.",
        "Das System hat 3 Zuweisungen zur Erneuerung wieder geöffnet, 30 Tage"
        " bevor die Zertifikate ablaufen.",
    ),
    (
        "audit.export",
        HANNA,
        "audit log",
        "",
        {"format": "csv", "action": "people.import"},
        "Hanna Berg exported the audit log as CSV (action: People imported).",
        "Hanna Berg hat das Prüfprotokoll als CSV exportiert (Aktion: {label}).",
    ),
    (
        "content.save",
        ARTHUR,
        "courses/cse/01-basics/02-phone.md",
        "",
        {"path": "courses/cse/01-basics/02-phone.md"},
        "Arthur Autor saved the file courses/cse/01-basics/02-phone.md.",
        "Arthur Autor hat die Datei courses/cse/01-basics/02-phone.md gespeichert.",
    ),
    (
        "content.create",
        ARTHUR,
        "courses/cse/01-basics/03-recap.md",
        "",
        {"path": "courses/cse/01-basics/03-recap.md"},
        "Arthur Autor created the lesson file courses/cse/01-basics/03-recap.md.",
        "Arthur Autor hat die Lektionsdatei courses/cse/01-basics/03-recap.md"
        " angelegt.",
    ),
    (
        "content.upload",
        ARTHUR,
        "courses/cse/assets/desk.png",
        "",
        {"path": "courses/cse/assets/desk.png"},
        "Arthur Autor uploaded the image courses/cse/assets/desk.png.",
        "Arthur Autor hat das Bild courses/cse/assets/desk.png hochgeladen.",
    ),
    (
        "content.sync",
        ARTHUR,
        "content",
        "",
        {"ok": True, "problems": 0, "added": 1, "changed": 2, "retired": 0},
        "Arthur Autor synced the content: 1 lessons added, 2 changed, 0 retired.",
        "Arthur Autor hat den Inhalt synchronisiert: 1 Lektionen hinzugefügt, 2"
        " geändert, 0 entfernt.",
    ),
    (
        "certificate.reissue",
        HANNA,
        NUMBER,
        "Name misspelt",
        {"new_number": "CSE-2026-000002", "holder_name": "Lena Lerner"},
        f"Hanna Berg re-issued certificate {NUMBER} as CSE-2026-000002, with the"
        " name Lena Lerner. Reason: Name misspelt",
        f"Hanna Berg hat das Zertifikat {NUMBER} als CSE-2026-000002 neu"
        " ausgestellt, mit dem Namen Lena Lerner. Grund: Name misspelt",
    ),
    (
        "certificate.revoke",
        HANNA,
        NUMBER,
        "Issued in error",
        {},
        f"Hanna Berg revoked certificate {NUMBER}. Reason: Issued in error",
        f"Hanna Berg hat das Zertifikat {NUMBER} widerrufen. Grund: Issued in error",
    ),
    (
        "demo.seed",
        None,
        "200 people",
        "",
        {
            "seed": 1,
            "departments": 10,
            "people": 200,
            "assignments": 175,
            "attempts": 1082,
            "certificates": 99,
        },
        "The system created demo data: 200 people in 10 departments, 175"
        " assignments, 1082 attempts and 99 certificates.",
        "Das System hat Demodaten angelegt: 200 Personen in 10 Abteilungen, 175"
        " Zuweisungen, 1082 Versuche und 99 Zertifikate.",
    ),
    (
        "export.refreshers",
        HANNA,
        "refreshers",
        "",
        {"format": "csv"},
        "Hanna Berg exported the refresher figures as CSV.",
        "Hanna Berg hat die Auffrischungszahlen als CSV exportiert.",
    ),
    (
        "export.attempts",
        HANNA,
        "attempts",
        "",
        {"format": "xlsx", "department": "Sales"},
        "Hanna Berg exported the quiz attempts as XLSX (department: Sales).",
        "Hanna Berg hat die Quizversuche als XLSX exportiert (Abteilung: Sales).",
    ),
    (
        "export.audit",
        None,
        "audit",
        "",
        {"format": "csv", "as_of": "2026-06-30"},
        "The system exported the audit log as CSV (as of June 30, 2026).",
        "Das System hat das Prüfprotokoll als CSV exportiert (Stichtag 30. Juni 2026).",
    ),
    (
        "export.certificates",
        HANNA,
        "certificates",
        "",
        {"format": "csv", "course": "cse", "status": "valid"},
        "Hanna Berg exported the certificates as CSV (course: Customer Service"
        " Essentials; status: Valid).",
        "Hanna Berg hat die Zertifikate als CSV exportiert (Kurs: Grundlagen des"
        " Kundenservice; Status: Gültig).",
    ),
    (
        "export.matrix",
        HANNA,
        "matrix",
        "",
        {"format": "csv"},
        "Hanna Berg exported the training matrix as CSV.",
        "Hanna Berg hat die Schulungsmatrix als CSV exportiert.",
    ),
    (
        "export.snapshot",
        HANNA,
        "snapshot",
        "",
        {"format": "xlsx", "as_of": "2026-06-30"},
        "Hanna Berg exported the compliance snapshot as XLSX (as of June 30, 2026).",
        "Hanna Berg hat den Compliance-Stichtagsbericht als XLSX exportiert"
        " (Stichtag 30. Juni 2026).",
    ),
    (
        "export.transcript",
        HANNA,
        "lena@example.com",
        "",
        LENA,
        "Hanna Berg downloaded the transcript of Lena Learner.",
        "Hanna Berg hat den Schulungsnachweis von Lena Learner heruntergeladen.",
    ),
    (
        "people.create",
        HANNA,
        "lena@example.com",
        "",
        {**LENA, "roles": ["hr", "learner"]},
        "Hanna Berg created an account for Lena Learner with the roles HR and Learner.",
        "Hanna Berg hat ein Konto für Lena Learner mit den Rollen"
        " Personalabteilung und Lernende Person angelegt.",
    ),
    (
        "people.deactivate",
        HANNA,
        "lena@example.com",
        "",
        LENA,
        "Hanna Berg deactivated the account of Lena Learner.",
        "Hanna Berg hat das Konto von Lena Learner deaktiviert.",
    ),
    (
        "people.edit",
        HANNA,
        "lena@example.com",
        "",
        {**LENA, "fields": ["email", "name"]},
        "Hanna Berg changed the e-mail address and the name of Lena Learner.",
        "Hanna Berg hat bei Lena Learner die E-Mail-Adresse und den Namen geändert.",
    ),
    (
        "people.end_sessions",
        HANNA,
        "lena@example.com",
        "",
        {**LENA, "ended": 2},
        "Hanna Berg logged Lena Learner out on every device (2 sessions ended).",
        "Hanna Berg hat Lena Learner auf allen Geräten abgemeldet (2 Sitzungen"
        " beendet).",
    ),
    (
        "people.import",
        HANNA,
        "people.csv",
        "",
        {
            "rows": 6,
            "created": 4,
            "updated": 1,
            "unchanged": 0,
            "skipped": 1,
            "departments_created": ["Vertrieb"],
        },
        "Hanna Berg imported people from people.csv: 4 new, 1 updated, 0"
        " unchanged, 1 rows skipped. New departments: Vertrieb.",
        "Hanna Berg hat Personen aus people.csv importiert: 4 neu, 1 geändert, 0"
        " unverändert, 1 Zeilen ausgelassen. Neue Abteilungen: Vertrieb.",
    ),
    (
        "people.password_link",
        HANNA,
        "lena@example.com",
        "",
        LENA,
        "Hanna Berg issued a set-password link for Lena Learner and was shown it.",
        "Hanna Berg hat einen Link zum Setzen des Passworts für Lena Learner"
        " erzeugt und angezeigt bekommen.",
    ),
    (
        "people.password_link_mailed",
        HANNA,
        "lena@example.com",
        "",
        LENA,
        "Hanna Berg e-mailed a set-password link to Lena Learner.",
        "Hanna Berg hat Lena Learner einen Link zum Setzen des Passworts gemailt.",
    ),
    (
        "people.password_set",
        (7, "Lena Learner"),
        "lena@example.com",
        "",
        LENA,
        "Lena Learner set a password through a link.",
        "Lena Learner hat über einen Link ein Passwort gesetzt.",
    ),
    (
        "refresher.opt_out",
        (7, "Lena Learner"),
        "lena@example.com",
        "",
        LENA,
        "Lena Learner stopped refresher e-mails through the link in one.",
        "Lena Learner hat Auffrischungs-E-Mails über den Link darin abbestellt.",
    ),
    (
        "people.reactivate",
        HANNA,
        "lena@example.com",
        "",
        LENA,
        "Hanna Berg reactivated the account of Lena Learner.",
        "Hanna Berg hat das Konto von Lena Learner wieder aktiviert.",
    ),
    (
        "people.roles",
        HANNA,
        "lena@example.com",
        "",
        {**LENA, "old": ["learner"], "new": ["author", "learner"]},
        "Hanna Berg changed the roles of Lena Learner from Learner to Author and"
        " Learner.",
        "Hanna Berg hat die Rollen von Lena Learner von Lernende Person zu"
        " Autorin/Autor und Lernende Person geändert.",
    ),
    (
        "token.create",
        HANNA,
        "HRIS sync",
        "",
        {"token_id": 1},
        "Hanna Berg created the API token 'HRIS sync'.",
        "Hanna Berg hat das API-Token „HRIS sync“ angelegt.",
    ),
    (
        "sso.failed",
        None,
        "https://sso.example.com/realms/firma",
        "wrong_state",
        {"detail": "the state does not match this browser's login"},
        "A login with the company login (https://sso.example.com/realms/firma)"
        " failed: the answer did not belong to this browser's login.",
        "Eine Anmeldung mit dem Firmenkonto (https://sso.example.com/realms/firma)"
        " ist gescheitert: die Antwort gehörte nicht zur Anmeldung in diesem"
        " Browser.",
    ),
    (
        "sso.link",
        (7, "Lena Learner"),
        "lena@firma.local",
        "linked by employee id",
        {"issuer": "https://sso.example.com", "subject": "abc"},
        "The company login was linked to the account of lena@firma.local"
        " (linked by the employee ID).",
        "Das Firmenkonto wurde mit dem Konto von lena@firma.local verknüpft"
        " (über die Personalnummer).",
    ),
    (
        "sso.login",
        (7, "Lena Learner"),
        "lena@firma.local",
        "known",
        {"subject": "abc", "changed": []},
        "Lena Learner logged in with the company login (as before).",
        "Lena Learner hat sich mit dem Firmenkonto angemeldet (wie bisher).",
    ),
    (
        "sso.provision",
        None,
        "new@firma.local",
        "",
        {"issuer": "https://sso.example.com", "subject": "xyz"},
        "The company login created an account for new@firma.local at their first"
        " login.",
        "Bei der ersten Anmeldung mit dem Firmenkonto wurde ein Konto für"
        " new@firma.local angelegt.",
    ),
    (
        "sso.roles",
        None,
        "lena@firma.local",
        "",
        {"before": ["learner"], "after": ["hr", "learner"]},
        "The company login's groups changed the roles of lena@firma.local from"
        " Learner to HR and Learner.",
        "Die Gruppen des Firmenkontos haben die Rollen von lena@firma.local von"
        " Lernende Person zu Personalabteilung und Lernende Person geändert.",
    ),
    (
        "scim.create",
        None,
        "anna@firma.local",
        "",
        {"person_id": 1, "token": "Entra ID"},
        "The directory (SCIM token 'Entra ID') created the account of"
        " anna@firma.local.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat das Konto von"
        " anna@firma.local angelegt.",
    ),
    (
        "scim.edit",
        None,
        "anna@firma.local",
        "",
        {"person_id": 1, "token": "Entra ID", "fields": ["email", "name"]},
        "The directory (SCIM token 'Entra ID') changed email, name of"
        " anna@firma.local.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat email, name von"
        " anna@firma.local geändert.",
    ),
    (
        "scim.deactivate",
        None,
        "anna@firma.local",
        "",
        {"person_id": 1, "token": "Entra ID"},
        "The directory (SCIM token 'Entra ID') deactivated anna@firma.local and"
        " ended their sessions.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat anna@firma.local deaktiviert"
        " und die Sitzungen beendet.",
    ),
    (
        "scim.reactivate",
        None,
        "anna@firma.local",
        "",
        {"person_id": 1, "token": "Entra ID"},
        "The directory (SCIM token 'Entra ID') reactivated anna@firma.local.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat anna@firma.local wieder"
        " aktiviert.",
    ),
    (
        "scim.delete",
        None,
        "anna@firma.local",
        "",
        {"person_id": 1, "token": "Entra ID"},
        "The directory (SCIM token 'Entra ID') removed anna@firma.local; the"
        " account stays deactivated with its history.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat anna@firma.local entfernt;"
        " das Konto bleibt mit seinem Verlauf deaktiviert.",
    ),
    (
        "scim.roles",
        None,
        "anna@firma.local",
        "",
        {
            "person_id": 1,
            "token": "Entra ID",
            "before": ["learner"],
            "after": ["hr", "learner"],
        },
        "The directory's groups (SCIM token 'Entra ID') changed the roles of"
        " anna@firma.local from Learner to HR and Learner.",
        "Die Gruppen des Verzeichnisses (SCIM-Token „Entra ID“) haben die Rollen"
        " von anna@firma.local von Lernende Person zu Personalabteilung und"
        " Lernende Person geändert.",
    ),
    (
        "scim.group_create",
        None,
        "LMS HR",
        "",
        {"token": "Entra ID", "added": 2},
        "The directory (SCIM token 'Entra ID') created the group LMS HR with 2"
        " members.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat die Gruppe LMS HR mit 2"
        " Mitgliedern angelegt.",
    ),
    (
        "scim.group_edit",
        None,
        "LMS HR",
        "",
        {"token": "Entra ID", "fields": [], "added": 1, "removed": 2},
        "The directory (SCIM token 'Entra ID') changed the group LMS HR: 1"
        " members added, 2 removed.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat die Gruppe LMS HR geändert:"
        " 1 Mitglieder hinzugefügt, 2 entfernt.",
    ),
    (
        "scim.group_delete",
        None,
        "LMS HR",
        "",
        {"token": "Entra ID"},
        "The directory (SCIM token 'Entra ID') deleted the group LMS HR.",
        "Das Verzeichnis (SCIM-Token „Entra ID“) hat die Gruppe LMS HR gelöscht.",
    ),
    (
        "scim_token.create",
        HANNA,
        "Entra ID",
        "",
        {"token_id": 1},
        "Hanna Berg created the SCIM token 'Entra ID'.",
        "Hanna Berg hat das SCIM-Token „Entra ID“ angelegt.",
    ),
    (
        "scim_token.revoke",
        HANNA,
        "Entra ID",
        "",
        {"token_id": 1},
        "Hanna Berg revoked the SCIM token 'Entra ID'.",
        "Hanna Berg hat das SCIM-Token „Entra ID“ widerrufen.",
    ),
    (
        "token.revoke",
        HANNA,
        "HRIS sync",
        "",
        {"token_id": 1},
        "Hanna Berg revoked the API token 'HRIS sync'.",
        "Hanna Berg hat das API-Token „HRIS sync“ widerrufen.",
    ),
]


def line(action: str, actor: Any, target: str, reason: str, details: Any) -> AuditLine:
    actor_id, name = actor if actor else (None, None)
    return AuditLine(AT, actor_id, name, None, action, target, reason, details)


def told(
    app: Flask, language: str, entry: AuditLine, names: Names | None = None
) -> str:
    names = names or Names({7: "Lena Learner"}, {"cse": TITLES[language]})
    with app.test_request_context(), force_locale(language):
        return sentence(entry, names)


@pytest.mark.parametrize(
    ("action", "actor", "target", "reason", "details", "english", "german"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_each_action_reads_as_a_sentence(
    app: Flask,
    action: str,
    actor: Any,
    target: str,
    reason: str,
    details: dict[str, Any],
    english: str,
    german: str,
) -> None:
    entry = line(action, actor, target, reason, details)
    assert told(app, "en", entry) == english
    with app.test_request_context(), force_locale("de"):
        label = str(ACTION_LABELS["people.import"])
    assert told(app, "de", entry) == german.format(label=label)


def test_every_action_type_has_a_case_and_a_sentence() -> None:
    """A new action type needs its sentence (lms/audit/describe.py) and a case here."""
    assert set(SENTENCES) == set(ACTION_LABELS)
    assert {case[0] for case in CASES} == set(ACTION_LABELS)


def test_every_action_the_code_writes_is_known() -> None:
    """Action names as the code writes them: string constants and export kinds."""
    root = Path(__file__).resolve().parents[2] / "lms"
    # A constant (CREATE = "people.create") or an argument on a line of its own.
    prefixes = (
        "assignment|audit|certificate|demo|export|people|scim|scim_token|sso|token"
    )
    pattern = re.compile(
        rf'^(?:[A-Z_]+ = |\s+)"((?:{prefixes})\.[a-z_]+)",?(?:\s*#.*)?$', re.M
    )
    inline = re.compile(r'audit\(\s*\w+,\s*[\w()]+,\s*"([a-z]+\.[a-z_]+)"')
    written = {
        name
        for path in root.rglob("*.py")
        if path.parent.name != "audit"
        for found in (pattern, inline)
        for name in found.findall(path.read_text(encoding="utf-8"))
    }
    assert "token.create" in written  # the patterns work
    written |= {f"export.{kind}" for kind in KINDS} | {"audit.export"}
    assert written, "the pattern found no action names"
    assert written - set(ACTION_LABELS) == set()


@pytest.mark.parametrize(
    ("action", "details", "english", "german"),
    [
        (
            "people.password_link_mailed",
            {**LENA, "invitation": True},
            "Hanna Berg sent Lena Learner an invitation with a set-password link.",
            "Hanna Berg hat Lena Learner eine Einladung mit einem Link zum Setzen"
            " des Passworts geschickt.",
        ),
        (
            "people.password_link",
            {**LENA, "invitation": True, "file": "csv"},
            "Hanna Berg downloaded the set-password link for Lena Learner in a list"
            " of invitations (CSV).",
            "Hanna Berg hat den Link zum Setzen des Passworts für Lena Learner in"
            " einer Einladungsliste (CSV) heruntergeladen.",
        ),
    ],
)
def test_invitations_read_as_invitations(
    app: Flask, action: str, details: dict[str, Any], english: str, german: str
) -> None:
    entry = line(action, HANNA, "lena@example.com", "", details)
    assert told(app, "en", entry) == english
    assert told(app, "de", entry) == german


def test_deleted_people_and_courses_keep_their_stored_names(app: Flask) -> None:
    gone = line("people.deactivate", HANNA, "old@example.com", "", {"person_id": 99})
    assert told(app, "en", gone) == (
        "Hanna Berg deactivated the account of old@example.com."
    )
    entry = line(
        "assignment.create",
        None,
        "course:retired",
        "",
        {"course": "retired", "target": "everyone", "people": 2, "created": 2},
    )
    assert told(app, "de", entry).startswith(
        "Das System hat „retired“ allen zugewiesen, ohne Fälligkeitsdatum."
    )


def test_no_sentence_shows_codes(app: Flask) -> None:
    for case in CASES:
        for language in ("en", "de"):
            text = told(app, language, line(*case[:5]))
            for code in ("rule_id", "None", "due_in_days", case[0], "_"):
                assert code not in text, (case[0], language, text)
