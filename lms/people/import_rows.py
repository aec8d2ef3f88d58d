"""Reading a people file (CSV or XLSX) into validated rows for the HR import."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lms.emails import InvalidEmail, canonical_email
from lms.files.sheet_reader import Table, Unreadable, read_table

MAX_ROWS = 50_000
MAX_TEXT_LENGTH = 200
# Mirrors lms.models.person.ROLE_VALUES and lms.config.SUPPORTED_LANGUAGES (a test
# keeps them equal); importing those would pull Flask and SQLAlchemy into a pure core.
ROLES = ("learner", "author", "hr", "admin")
LANGUAGES = ("en", "de")
COLUMNS = (
    "email",
    "name",
    "employee_id",
    "department",
    "manager",
    "language",
    "roles",
    "active",
)
REQUIRED_COLUMNS = ("email", "name")

# Header labels after _header_key (case folded, letters and digits only).
_HEADER_ALIASES = {
    "email": "email emailaddress mail emailadresse mailadresse",
    "name": "name fullname displayname vollername vollständigername",
    "employee_id": "employeeid employeenumber employeeno staffid personnelnumber "
    "personalnummer personalnr persnr mitarbeiternummer mitarbeiterid",
    "department": "department dept abteilung bereich",
    "manager": "manager linemanager supervisor vorgesetzter vorgesetzte führungskraft",
    "language": "language lang sprache",
    "roles": "roles role rollen rolle",
    "active": "active enabled aktiv",
}
_COLUMN_BY_LABEL = {
    label: column
    for column, labels in _HEADER_ALIASES.items()
    for label in labels.split()
}
_LANGUAGE_ALIASES = {
    "en": "en",
    "english": "en",
    "englisch": "en",
    "de": "de",
    "deutsch": "de",
    "german": "de",
}
_TRUE = frozenset({"yes", "y", "true", "1", "ja", "j", "x"})
_FALSE = frozenset({"no", "n", "false", "0", "nein"})


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row (row 0 means the file as a whole)."""

    row: int
    column: str
    message: str  # in English, for the command line and the logs
    # The message's msgid and values, for showing it in the reader's language.
    template: str = field(default="", compare=False)
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


def row_problem(row: int, column: str, template: str, **params: object) -> RowProblem:
    """A problem whose message a page can translate (template is the msgid)."""
    values = {key: str(value) for key, value in params.items()}
    message = template % values if values else template
    return RowProblem(row, column, message, template, tuple(values.items()))


@dataclass(frozen=True)
class PersonRow:
    """One valid person from the file, values normalized."""

    row: int
    email: str
    name: str
    employee_id: str | None = None
    department: str | None = None
    # The manager column holds an e-mail address or an employee id.
    manager_email: str | None = None
    manager_employee_id: str | None = None
    language: str = "en"
    roles: frozenset[str] = frozenset({"learner"})
    active: bool = True


@dataclass(frozen=True)
class PeopleFile:
    """Everything read from a people file: valid rows, problems, and notes."""

    rows: tuple[PersonRow, ...]
    problems: tuple[RowProblem, ...]
    # Things worth telling the uploader that are not problems, e.g. the encoding.
    notes: tuple[str, ...] = ()
    # The columns the header names, so that missing ones leave values alone.
    columns: frozenset[str] = frozenset()
    header_row: int = 0
    # What the file says in the rows with problems: row -> (e-mail, name) as typed.
    raw: tuple[tuple[int, str, str], ...] = ()


def read_people_file(
    data: bytes, filename: str
) -> tuple[list[PersonRow], list[RowProblem]]:
    """Return the valid rows and every problem in the file; never raises for input.

    Managers are not checked here: call check_managers with the known people.
    """
    people = read_people(data, filename)
    return list(people.rows), list(people.problems)


def read_people(data: bytes, filename: str) -> PeopleFile:
    """Like read_people_file, plus notes such as a Windows-1252 fallback."""
    notes: list[str] = []
    try:
        # Read the header, MAX_ROWS people and one more to notice "too many".
        table = read_table(data, filename, notes, MAX_ROWS + 2)
    except Unreadable as error:
        return PeopleFile((), (RowProblem(0, "", str(error)),), tuple(notes))
    rows, problems, raw = _validate(table)
    columns, header_row = frozenset[str](), 0
    if table:
        header_row, header = table[0]
        labels = (_COLUMN_BY_LABEL.get(_header_key(label)) for label in header.values())
        columns = frozenset(column for column in labels if column)
    return PeopleFile(
        tuple(rows), tuple(problems), tuple(notes), columns, header_row, tuple(raw)
    )


def normalize_email(email: str) -> str | None:
    """The canonical address (lms.emails, as everywhere), else None."""
    try:
        return canonical_email(email)
    except InvalidEmail:
        return None


def email_problem(email: str) -> str:
    """What is wrong with an address that normalize_email refused."""
    try:
        canonical_email(email)
    except InvalidEmail as error:
        return error.message
    return ""


def validate_person(
    values: dict[str, str],
) -> tuple[PersonRow | None, list[RowProblem]]:
    """Check one person's values (column -> text) as the import checks a row.

    For the "Add a person" form: the same rules and messages as a file's row.
    """
    cleaned = {column: values.get(column, "").strip() for column in COLUMNS}
    email = normalize_email(cleaned["email"]) if cleaned["email"] else None
    return _parse_row(0, cleaned, email)


def _header_key(label: str) -> str:
    return "".join(char for char in label.casefold() if char.isalnum())


def show(value: str, limit: int = 60) -> str:
    """A value quoted for a message, shortened so messages stay readable."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _validate(
    table: Table,
) -> tuple[list[PersonRow], list[RowProblem], list[tuple[int, str, str]]]:
    raw: list[tuple[int, str, str]] = []
    if not table:
        return [], [row_problem(0, "", "the file is empty")], raw
    header_number, header = table[0]
    problems: list[RowProblem] = []
    columns: dict[str, int] = {}
    for index, label in sorted(header.items()):
        column = _COLUMN_BY_LABEL.get(_header_key(label))
        if column is None:
            continue  # other columns (notes, cost centre, ...) are allowed
        if column in columns:
            problems.append(
                row_problem(
                    header_number,
                    column,
                    "the column appears twice (header %(header)s)",
                    header=show(label),
                )
            )
        else:
            columns[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            problems.append(
                row_problem(header_number, column, "required column is missing")
            )
    if any(column not in columns for column in REQUIRED_COLUMNS):
        return [], problems, raw
    records = table[1:]
    if not records:
        problems.append(row_problem(0, "", "the file has a header row but no people"))
    if len(records) > MAX_ROWS:
        problems.append(
            RowProblem(
                records[MAX_ROWS][0],
                "",
                f"too many rows: at most {MAX_ROWS:,} people per file; split the file",
            )
        )
        records = records[:MAX_ROWS]
    rows: list[PersonRow] = []
    first_email: dict[str, int] = {}
    first_employee_id: dict[str, int] = {}
    for number, cells in records:
        values = {
            column: cells.get(index, "").strip() for column, index in columns.items()
        }
        email = normalize_email(values["email"]) if values["email"] else None
        row, row_problems = _parse_row(number, values, email)
        for column, key, first in (
            ("email", email, first_email),
            ("employee_id", values.get("employee_id") or None, first_employee_id),
        ):
            if key is None:
                continue
            if key in first:
                row_problems.append(
                    row_problem(
                        number,
                        column,
                        "duplicate: %(value)s is already in row %(first)s",
                        value=show(key),
                        first=first[key],
                    )
                )
            else:
                first[key] = number
        problems.extend(row_problems)
        if row is not None and not row_problems:
            rows.append(row)
        else:
            raw.append((number, values["email"], values["name"]))
    return rows, sorted(problems, key=lambda problem: problem.row), raw


def _parse_row(
    number: int, values: dict[str, str], email: str | None
) -> tuple[PersonRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(column: str, template: str, **params: object) -> None:
        problems.append(row_problem(number, column, template, **params))

    if not values["email"]:
        problem("email", "the e-mail address is missing")
    elif email is None:
        problem(
            "email",
            "not a valid e-mail address: %(value)s: %(why)s",
            value=show(values["email"]),
            why=email_problem(values["email"]),
        )
    name = values["name"]
    if not name:
        problem("name", "the name is empty")
    for column in ("name", "employee_id", "department"):
        if len(values.get(column, "")) > MAX_TEXT_LENGTH:
            problem(column, "longer than %(limit)s characters", limit=MAX_TEXT_LENGTH)
    manager = values.get("manager", "")
    manager_email = manager_employee_id = None
    if "@" in manager:
        manager_email = normalize_email(manager)
        if manager_email is None:
            problem(
                "manager",
                "not a valid e-mail address: %(value)s: %(why)s",
                value=show(manager),
                why=email_problem(manager),
            )
    elif manager:
        manager_employee_id = manager
    raw_language = values.get("language", "").lower().replace("_", "-")
    # "de-AT", "en_GB" and the like name a language we have.
    language = (
        _LANGUAGE_ALIASES.get(raw_language.split("-")[0]) if raw_language else "en"
    )
    if language is None:
        problem(
            "language",
            "unknown language %(value)s: use %(choices)s",
            value=show(values["language"]),
            choices=" / ".join(LANGUAGES),
        )
    roles = frozenset(
        part.strip().lower()
        for part in re.split(r"[,;]", values.get("roles", ""))
        if part.strip()
    ) or frozenset({"learner"})
    unknown = sorted(roles - set(ROLES))
    if unknown:
        problem(
            "roles",
            "unknown role %(value)s: use %(choices)s",
            value=", ".join(show(role) for role in unknown),
            choices=", ".join(ROLES),
        )
    raw_active = values.get("active", "").lower()
    if raw_active and raw_active not in _TRUE | _FALSE:
        problem("active", "use yes or no, not %(value)s", value=show(values["active"]))
    if problems or email is None or language is None:
        return None, problems
    return (
        PersonRow(
            row=number,
            email=email,
            name=name,
            employee_id=values.get("employee_id") or None,
            department=values.get("department") or None,
            manager_email=manager_email,
            manager_employee_id=manager_employee_id,
            language=language,
            roles=roles,
            active=raw_active not in _FALSE,
        ),
        problems,
    )
