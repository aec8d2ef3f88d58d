"""The people file reader on CSV: encodings, headers, every row problem."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms import config
from lms.models.person import ROLE_VALUES
from lms.people import import_rows as people_import
from lms.people.import_rows import (
    MAX_ROWS,
    PersonRow,
    RowProblem,
    read_people,
    read_people_file,
)
from lms.people.matching import check_managers
from tests.people.people_files import assert_consistent, csv_file, only_problem

HEADER = "email,name,employee_id,department,manager,language,roles,active"


def test_constants_match_the_models_and_config() -> None:
    assert people_import.ROLES == ROLE_VALUES
    assert people_import.LANGUAGES == config.SUPPORTED_LANGUAGES


def test_a_full_row_is_normalized() -> None:
    rows, problems = read_people_file(
        csv_file(
            HEADER,
            " Anna@Example.COM , Anna Berg ,E1,Sales,boss@example.com,DE,"
            '"hr, learner",no',
        ),
        "people.csv",
    )
    assert problems == []
    assert rows == [
        PersonRow(
            row=2,
            email="anna@example.com",
            name="Anna Berg",
            employee_id="E1",
            department="Sales",
            manager_email="boss@example.com",
            language="de",
            roles=frozenset({"hr", "learner"}),
            active=False,
        )
    ]


def test_internal_domains_are_imported() -> None:
    data = csv_file(
        "email,name,manager",
        "anna@firma.local,Anna,",
        "ben@corp.internal,Ben,anna@firma.local",
        "cem@firma.lan,Cem,",
        "dora@firma.corp,Dora,",
    )
    rows, problems = read_people_file(data, "p.csv")
    assert problems == []
    assert [row.email for row in rows] == [
        "anna@firma.local",
        "ben@corp.internal",
        "cem@firma.lan",
        "dora@firma.corp",
    ]
    assert rows[1].manager_email == "anna@firma.local"


def test_defaults_for_optional_columns() -> None:
    rows, problems = read_people_file(
        csv_file("email,name", "a@example.com,A"), "p.csv"
    )
    assert problems == []
    assert rows == [PersonRow(row=2, email="a@example.com", name="A")]
    assert rows[0].language == "en"
    assert rows[0].roles == {"learner"}
    assert rows[0].active is True


def test_manager_by_employee_id_and_blank_lines_keep_row_numbers() -> None:
    data = csv_file("email,name,manager", "", "a@example.com,A,E7", "", "b@x.org,B,")
    rows, problems = read_people_file(data, "p.csv")
    assert problems == []
    assert [(row.row, row.manager_employee_id) for row in rows] == [
        (3, "E7"),
        (5, None),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "E-Mail;Name;Personalnummer;Abteilung;Vorgesetzte;Sprache;Rollen;Aktiv",
        "EMAIL;Full Name;Employee ID;Dept;Line Manager;Lang;Role;Enabled",
        "E-Mail-Adresse;Vollständiger Name;Pers.-Nr.;Bereich;Führungskraft;"
        "sprache;ROLLEN;aktiv",
    ],
)
def test_header_aliases_are_case_insensitive_and_german(header: str) -> None:
    data = f"{header}\na@example.com;Anna;E1;IT;b@example.com;deutsch;author;ja\n"
    rows, problems = read_people_file(data.encode(), "p.csv")
    assert problems == []
    assert rows[0].employee_id == "E1"
    assert rows[0].department == "IT"
    assert rows[0].manager_email == "b@example.com"
    assert rows[0].language == "de"
    assert rows[0].roles == {"author"}
    assert rows[0].active is True


def test_other_columns_are_ignored() -> None:
    rows, problems = read_people_file(
        csv_file("Kostenstelle,email,name,notes", "4711,a@example.com,A,x"), "p.csv"
    )
    assert problems == []
    assert rows[0].email == "a@example.com"


def test_utf8_bom_semicolons_crlf_and_quoted_semicolons() -> None:
    text = 'email;name;roles\r\na@example.com;"Müller; Jürgen";"learner;hr"\r\n'
    people = read_people(b"\xef\xbb\xbf" + text.encode(), "p.csv")
    assert people.problems == ()
    assert people.notes == ()
    assert people.rows[0].name == "Müller; Jürgen"
    assert people.rows[0].roles == {"learner", "hr"}


def test_windows_1252_is_read_with_a_note() -> None:
    data = "email;name\r\nj@example.com;Jürgen Müller–Straße\r\n".encode("cp1252")
    people = read_people(data, "p.csv")
    assert people.problems == ()
    assert people.rows[0].name == "Jürgen Müller–Straße"
    assert len(people.notes) == 1
    assert "Windows-1252" in people.notes[0]


TOO_LONG = "x" * 201


@pytest.mark.parametrize(
    ("lines", "row", "column", "message"),
    [
        (["name", "Anna"], 1, "email", "required column is missing"),
        (["email", "a@example.com"], 1, "name", "required column is missing"),
        (["email,name,E-Mail", "a@example.com,A,b@example.com"], 1, "email", "twice"),
        (["email,name", "not-an-email,Anna"], 2, "email", "not a valid e-mail"),
        (["email,name", "anna @firma.local,Anna"], 2, "email", "cannot contain spaces"),
        (["email,name", "@firma.local,Anna"], 2, "email", "before the @ sign is empty"),
        (["email,name", ",Anna,"], 2, "email", "e-mail address is missing"),
        (["email,name", "a@example.com,  "], 2, "name", "the name is empty"),
        (["email,name", f"a@example.com,{TOO_LONG}"], 2, "name", "longer than 200"),
        (
            ["email,name,department", f"a@example.com,A,{TOO_LONG}"],
            2,
            "department",
            "longer than 200",
        ),
        (
            ["email,name", "a@example.com,A", "A@EXAMPLE.com,B"],
            3,
            "email",
            "'a@example.com' is already in row 2",
        ),
        (
            ["email,name,employee_id", "a@example.com,A,E1", "b@example.com,B,E1"],
            3,
            "employee_id",
            "'E1' is already in row 2",
        ),
        (["email,name,roles", "a@example.com,A,learner;boss"], 2, "roles", "'boss'"),
        (["email,name,language", "a@example.com,A,fr"], 2, "language", "'fr'"),
        (["email,name,language", "a@example.com,A,-"], 2, "language", "'-'"),
        (["email,name,active", "a@example.com,A,maybe"], 2, "active", "yes or no"),
        (["email,name,manager", "a@example.com,A,boss@"], 2, "manager", "not a valid"),
        ([""], 0, "", "the file is empty"),
        (["   ", "", "  "], 0, "", "the file is empty"),
        (["email,name"], 0, "", "header row but no people"),
    ],
)
def test_row_problems(lines: list[str], row: int, column: str, message: str) -> None:
    problem = only_problem(csv_file(*lines))
    assert (problem.row, problem.column) == (row, column)
    assert message in problem.message


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "people.csv", "the file is empty"),
        (b"\xef\xbb\xbf", "people.csv", "the file is empty"),
        (b"email,name\n", "people.pdf", "only CSV and XLSX"),
        (b"email,name\n", "people", "only CSV and XLSX"),
        (b"\xd0\xcf\x11\xe0", "people.xls", ".xls"),
        (b"email,name\n", "people.xlsx", "not a readable XLSX"),
        (b"PK\x03\x04broken", "people.csv", "not a readable XLSX"),
        ("email,name\n".encode("utf-16"), "people.csv", "UTF-16"),
        (b"email,name\n\x00\x01", "people.csv", "NUL"),
        (b"email,name\na@b.de,\x81\x8d", "people.csv", "neither UTF-8 nor Windows"),
        (b"\xef\xbb\xbfemail,name\n\xff", "people.csv", "not UTF-8"),
    ],
)
def test_file_problems(data: bytes, filename: str, message: str) -> None:
    problem = only_problem(data, filename)
    assert (problem.row, problem.column) == (0, "")
    assert message in problem.message


def test_all_problems_are_found_in_one_pass() -> None:
    data = csv_file(
        "email,name,language,roles",
        "bad,,xx,chief",
        "ok@example.com,Ok,,",
        "ok@example.com,Again,,",
    )
    rows, problems = read_people_file(data, "p.csv")
    assert [row.row for row in rows] == [3]
    assert [(p.row, p.column) for p in problems] == [
        (2, "email"),
        (2, "name"),
        (2, "language"),
        (2, "roles"),
        (4, "email"),
    ]


def test_problem_text_names_row_and_column() -> None:
    assert str(RowProblem(7, "email", "bad")) == "row 7, column email: bad"
    assert str(RowProblem(7, "", "bad")) == "row 7: bad"
    assert str(RowProblem(0, "", "empty")) == "file: empty"


def test_too_many_rows_at_the_real_limit() -> None:
    lines = ["email,name"] + [f"p{i}@example.com,P" for i in range(MAX_ROWS + 5)]
    rows, problems = read_people_file(csv_file(*lines), "p.csv")
    assert len(rows) == MAX_ROWS
    assert problems == [
        RowProblem(
            MAX_ROWS + 2,
            "",
            "too many rows: at most 50,000 people per file; split the file",
        )
    ]


FILENAMES = st.sampled_from(["p.csv", "p.xlsx", "p.CSV", "p.txt", "p", "p.xls"])


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), filename=FILENAMES)
def test_arbitrary_bytes_give_rows_or_problems(data: bytes, filename: str) -> None:
    rows, problems = read_people_file(data, filename)
    assert rows or problems
    assert_consistent(rows, problems)


@settings(max_examples=300, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from(list('ab@.;,"\n\r xyzEäß1\t')), max_size=300),
    delimiter=st.sampled_from([",", ";"]),
)
def test_arbitrary_csv_text_gives_rows_or_problems(body: str, delimiter: str) -> None:
    header = delimiter.join(["email", "name", "manager", "roles", "active", "language"])
    rows, problems = read_people_file(f"{header}\n{body}".encode(), "p.csv")
    assert rows or problems
    assert_consistent(rows, problems)
    check_managers(rows, (), ())


@pytest.mark.parametrize(
    ("language", "active", "expected"),
    [
        ("de-AT", "Ja", ("de", True)),
        ("en_GB", "NEIN", ("en", False)),
        ("English", "true", ("en", True)),
        ("Deutsch", "0", ("de", False)),
        ("", "", ("en", True)),
    ],
)
def test_language_and_active_spellings(
    language: str, active: str, expected: tuple[str, bool]
) -> None:
    data = csv_file(
        "email,name,language,active", f"a@example.com,A,{language},{active}"
    )
    rows, problems = read_people_file(data, "p.csv")
    assert problems == []
    assert (rows[0].language, rows[0].active) == expected
