"""Company facts in a course: declared in course.md, used in lessons and banks,
checked with path:line, and overridden by a deployment's instance file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from lms.content.sync import SyncReport
from lms.db import get_database, utcnow
from lms.sync import check_all, sync_all
from tests.content.course_tree import (
    COURSE,
    COURSE_MD,
    PHONE,
    C,
    ProblemCases,
    assert_problems,
    write_tree,
)
from tests.fixtures.content import QUIZZES, bank

COURSE_DE = f"{C}/course.de.md"
WELCOME = f"{C}/01-basics/01-welcome.md"
WELCOME_DE = f"{C}/01-basics/01-welcome.de.md"
WELCOME_URL = "/courses/cse/basics/welcome"
FACTS = (
    "facts:\n"
    "  company_name: Northwind\n"
    "  escalation_contact: your team lead\n"
    "  security_contact:\n"
)


def course_md(facts: str = FACTS) -> str:
    original = str(COURSE[COURSE_MD])
    return original.replace("final_exam: final\n", f"final_exam: final\n{facts}")


def course_de(facts: str = "") -> str:
    return f"---\ntitle: Kundenservice\nsummary: Grundlagen.\n{facts}---\nWillkommen.\n"


def lesson(body: str, title: str = "Welcome") -> str:
    return f"---\ntitle: {title}\n---\n{body}"


CASES: ProblemCases = {
    "unknown fact in a lesson": (
        {
            COURSE_MD: course_md(),
            PHONE: lesson("Hi.\n\nAsk {{ escalation_contac }}.\n"),
        },
        [
            (
                PHONE,
                6,
                "unknown fact 'escalation_contac'; declared facts: company_name, "
                "escalation_contact, security_contact. Did you mean "
                "'escalation_contact'?",
            )
        ],
    ),
    "unknown fact in a title": (
        {COURSE_MD: course_md(), PHONE: lesson("Hi.\n", title="At {{ firm }}")},
        [(PHONE, 2, "unknown fact 'firm'; declared facts: company_name")],
    ),
    "empty fact": (
        {COURSE_MD: course_md(), PHONE: lesson("Call {{ security_contact }}.\n")},
        [
            (
                PHONE,
                4,
                "fact 'security_contact' has no value; set it under 'facts:' in "
                "course.md or in the instance file (LMS_COURSE_FACTS)",
            )
        ],
    ),
    "no facts declared": (
        {PHONE: lesson("At {{ company_name }}.\n")},
        [(PHONE, 4, "this course declares no facts")],
    ),
    "bad fact name": (
        {COURSE_MD: course_md("facts:\n  Company-Name: X\n")},
        [(COURSE_MD, 9, "fact name 'Company-Name' must be lowercase letters")],
    ),
    "fact value not text": (
        {COURSE_MD: course_md("facts:\n  company_name: [a, b]\n")},
        [(COURSE_MD, 9, "fact 'company_name' must be plain text, not a list")],
    ),
    "translation gives an undeclared fact": (
        {
            COURSE_MD: course_md(),
            COURSE_DE: course_de("facts:\n  firmenname: Nordwind\n"),
        },
        [(COURSE_DE, 5, "unknown fact 'firmenname': a translation may only")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_fact_problems_have_path_and_line(tmp_path: Path, case: str) -> None:
    changes, expected = CASES[case]
    assert_problems(tmp_path, changes, expected)


def test_code_blocks_keep_their_braces(tmp_path: Path) -> None:
    from tests.content.course_tree import load

    body = "```\n{{ anything }}\n```\n\nAt \\{{ company_name }}.\n"
    course, problems = load(tmp_path, {COURSE_MD: course_md(), PHONE: lesson(body)})
    assert problems == []
    assert course is not None
    html = course.modules[0].lessons[1].html
    assert "{{ anything }}" in html
    assert "At {{ company_name }}." in html


# -- pages: lessons and quizzes ----------------------------------------------

QUIZ_BODY = (
    "\n## Who decides on a refund at {{ company_name }}? {#q-facts-who}\n\n"
    "- [x] {{ escalation_contact }}\n"
    "  > Right: {{ escalation_contact }} decides.\n"
    "- [ ] Nobody at {{ company_name }}.\n"
    "  > Someone does.\n"
)


def facts_course(company: str = "Northwind") -> dict[str, str | bytes | None]:
    facts = FACTS.replace("Northwind", company).replace(
        "  security_contact:\n", "  security_contact: the security desk\n"
    )
    return {
        COURSE_MD: course_md(facts),
        COURSE_DE: course_de("facts:\n  escalation_contact: Ihre Teamleitung\n"),
        WELCOME: lesson("Welcome to {{ company_name }}. Ask {{escalation_contact}}.\n"),
        WELCOME_DE: lesson(
            "Willkommen bei {{ company_name }}. Ansprechpartner: "
            "{{ escalation_contact }}.\n",
            title="Willkommen",
        ),
        "quizzes/cse/basics.md": bank("basics", "Basics quiz") + QUIZ_BODY,
    }


def test_lesson_page_shows_the_facts_in_each_language(
    client: Any, auth: Any, sync: Any
) -> None:
    report = sync(facts_course())
    assert report.ok, report.lines
    auth.login()
    html = client.get(WELCOME_URL).get_data(as_text=True)
    assert "Welcome to Northwind. Ask your team lead." in html
    assert "{{" not in html
    auth.logout()
    auth.login(language="de")
    html = client.get(WELCOME_URL).get_data(as_text=True)
    assert "Willkommen bei Northwind. Ansprechpartner: Ihre Teamleitung." in html


def test_quiz_question_shows_the_facts(client: Any, auth: Any, sync: Any) -> None:
    report = sync(facts_course())
    assert report.ok, report.lines
    auth.login()
    response = client.submit(
        "/courses/cse/quiz/basics/start", page="/courses/cse/quiz/basics"
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Who decides on a refund at Northwind?" in html
    assert "your team lead" in html
    assert "Nobody at Northwind." in html
    assert "{{" not in html


def test_unknown_fact_in_a_bank_is_a_check_error(tmp_path: Path) -> None:
    tree = facts_course()
    tree["quizzes/cse/basics.md"] = str(tree["quizzes/cse/basics.md"]).replace(
        "- [ ] Nobody at {{ company_name }}.", "- [ ] Nobody at {{ company }}."
    )
    write_tree(tmp_path, {**COURSE, **QUIZZES, **tree})
    report = check_all(tmp_path / "courses", tmp_path / "quizzes")
    text = str(tree["quizzes/cse/basics.md"])
    line = text.split("\n").index("- [ ] Nobody at {{ company }}.") + 1
    assert report.lines == [
        f"quizzes/cse/basics.md:{line}: unknown fact 'company'; declared facts: "
        "company_name, escalation_contact, security_contact. "
        "Did you mean 'company_name'?"
    ]


# -- the instance file (LMS_COURSE_FACTS) ------------------------------------


def sync_with(app: Flask, root: Path, facts_file: Path | None) -> SyncReport:
    session = get_database(app).sessionmaker()
    try:
        report = sync_all(
            session,
            root / "courses",
            root / "quizzes",
            utcnow(),
            facts_file=facts_file,
        )
        if report.ok:
            session.commit()
        return report
    finally:
        session.close()


def write_facts(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_instance_file_overrides_course_facts_at_the_next_sync(
    app: Flask, client: Any, auth: Any, sync: Any, content_root: Path, tmp_path: Path
) -> None:
    assert sync(facts_course()).ok
    auth.login(language="de")
    html = client.get(WELCOME_URL).get_data(as_text=True)
    assert "Willkommen bei Northwind. Ansprechpartner: Ihre Teamleitung." in html
    instance = write_facts(
        tmp_path / "facts.yaml",
        "cse:\n"
        "  company_name: Acme\n"
        "  escalation_contact:\n"
        "    en: the shift lead\n"
        "    de: die Schichtleitung\n",
    )
    report = sync_with(app, content_root, instance)
    assert report.ok, report.lines
    assert "cse/basics/welcome" in report.changed
    html = client.get(WELCOME_URL).get_data(as_text=True)
    assert "Willkommen bei Acme. Ansprechpartner: die Schichtleitung." in html
    assert "Northwind" not in html
    response = client.submit(
        "/courses/cse/quiz/basics/start", page="/courses/cse/quiz/basics"
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Acme" in html  # no translation of the bank: the English text
    assert "the shift lead" in html


INSTANCE_CASES: Mapping[str, tuple[str, int, str]] = {
    "undeclared name": (
        "cse:\n  company_name: Acme\n  hotline: 0800\n",
        3,
        "unknown fact 'hotline' for course 'cse'; declared facts in its "
        "course.md: company_name, escalation_contact, security_contact",
    ),
    "unknown course": (
        "cse:\n  company_name: Acme\ncs:\n  company_name: Acme\n",
        3,
        "unknown course 'cs' in the facts file; courses: cse",
    ),
    "unknown language": (
        "cse:\n  company_name:\n    fr: Acme\n",
        3,
        "unknown language 'fr'; use en, de",
    ),
    "empty value": (
        "cse:\n  company_name: ''\n",
        2,
        "fact 'company_name' must be one line of text, not empty",
    ),
    "bad YAML": ("cse:\n  company_name: [Acme\n", 3, "invalid YAML in the facts file"),
}


@pytest.mark.parametrize("case", list(INSTANCE_CASES), ids=list(INSTANCE_CASES))
def test_instance_file_problems_have_its_path_and_line(
    app: Flask, content_root: Path, tmp_path: Path, case: str
) -> None:
    text, line, message = INSTANCE_CASES[case]
    write_tree(content_root, facts_course())
    instance = write_facts(tmp_path / "facts.yaml", text)
    report = sync_with(app, content_root, instance)
    assert not report.ok
    assert [p for p in report.problems if p.path == str(instance)], report.lines
    first = next(p for p in report.problems if p.path == str(instance))
    assert (first.line, message in first.message) == (line, True), report.lines


def test_cli_check_reads_the_setting(
    app: Flask, runner: Any, content_root: Path, tmp_path: Path
) -> None:
    write_tree(content_root, facts_course())
    instance = write_facts(tmp_path / "facts.yaml", "cse:\n  hotline: 1\n")
    app.config["LMS_COURSE_FACTS"] = str(instance)
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert f"{instance}:2: unknown fact 'hotline' for course 'cse'" in result.output
