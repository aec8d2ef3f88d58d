"""``lms quiz import-gift`` and ``lms quiz export-gift``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from lms.quiz.bank.loader import load_course_banks
from lms.quiz.bank.parser import parse_bank
from lms.quiz.gift.cli import quiz
from tests.quiz.banks import GERMAN, SAMPLE

GIFT_FILE = Path(__file__).parent / "data" / "customer_service.gift"
ONE_QUESTION = """\
---
id: {bank_id}
title: {title}
pass_mark: 80
---

## Which word ends every call? {{#q-last-word}}

= thank you
"""


@pytest.fixture
def quizzes(app: Flask, tmp_path: Path) -> Path:
    """An empty quizzes folder that the app is configured to use."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    app.config["LMS_QUIZ_DIR"] = str(folder)
    return folder


def write_bank(quizzes: Path, course: str, bank_id: str, text: str = "") -> Path:
    path = quizzes / course / f"{bank_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or ONE_QUESTION.format(bank_id=bank_id, title=course))
    return path


def assert_one_line_error(result: Result, message: str) -> None:
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


# --- import -----------------------------------------------------------------


def test_import_to_stdout_warns_about_what_was_left_out(
    runner: FlaskCliRunner,
) -> None:
    result = runner.invoke(quiz, ["import-gift", str(GIFT_FILE)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{GIFT_FILE}:67: 'Essay' is an essay question, which is not supported; "
        "left out",
        f"{GIFT_FILE}:69: 'Welcome' has no answers (a description); left out",
    ]
    assert result.stdout.startswith("---\nid: customer-service\n")
    bank, problems = parse_bank(result.stdout, "quizzes/demo/customer-service.md")
    assert problems == []
    assert bank is not None
    assert len(list(bank.questions())) == 14


def test_import_into_a_folder_names_the_file_after_the_bank_id(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    course = tmp_path / "quizzes" / "demo"
    course.mkdir(parents=True)
    result = runner.invoke(quiz, ["import-gift", str(GIFT_FILE), "--out", str(course)])
    assert result.exit_code == 0, result.output
    written = course / "customer-service.md"
    assert result.stdout == f"wrote {written}: 14 question(s), 2 warning(s) above\n"
    stdout = runner.invoke(quiz, ["import-gift", str(GIFT_FILE)]).stdout
    assert written.read_text("utf-8") == stdout
    sets, problems = load_course_banks(course, course.parent)
    assert problems == []
    assert list(sets) == ["customer-service"]


def test_import_to_a_file_takes_the_bank_id_from_its_name(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "quizzes" / "demo" / "phone-basics.md"
    out.parent.mkdir(parents=True)
    result = runner.invoke(quiz, ["import-gift", str(GIFT_FILE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("---\nid: phone-basics\ntitle: Customer service\n")
    sets, problems = load_course_banks(out.parent, out.parent.parent)
    assert problems == []
    assert list(sets) == ["phone-basics"]


def test_import_refuses_to_overwrite_without_force(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "customer-service.md"
    out.write_text("mine\n")
    result = runner.invoke(quiz, ["import-gift", str(GIFT_FILE), "--out", str(out)])
    assert_one_line_error(result, f"{out} exists already; use --force to overwrite it")
    assert out.read_text() == "mine\n"
    into_folder = ["import-gift", str(GIFT_FILE), "--out", str(tmp_path)]
    assert runner.invoke(quiz, into_folder).exit_code == 1
    assert out.read_text() == "mine\n"

    result = runner.invoke(quiz, [*into_folder, "--force"])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("---\nid: customer-service\n")


def test_essay_is_a_warning_with_its_line_and_the_rest_is_written(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    gift = tmp_path / "phone.gift"
    gift.write_text(
        "::Greeting::What do you say first? {=Your name ~Hello}\n"
        "\n"
        "// an essay follows\n"
        "::Essay::Describe a difficult call. {}\n",
        encoding="utf-8",
    )
    result = runner.invoke(quiz, ["import-gift", str(gift), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{gift}:4: 'Essay' is an essay question, which is not supported; left out\n"
    )
    text = (tmp_path / "phone.md").read_text("utf-8")
    assert "{#q-greeting .single}" in text
    assert "Essay" not in text


def test_nothing_convertible_is_an_error_and_nothing_is_written(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    gift = tmp_path / "essays.gift"
    gift.write_text("::Essay::Describe a difficult call. {}\n", encoding="utf-8")
    result = runner.invoke(quiz, ["import-gift", str(gift), "--out", str(tmp_path)])
    assert_one_line_error(
        result, f"{gift}: no question could be converted; nothing was written"
    )
    assert result.stderr.startswith(f"{gift}:1: 'Essay' is an essay question")
    assert not (tmp_path / "essays.md").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"::Q::Caf\xe9? {=yes ~no}\n", "the file is not UTF-8 text"),
        (None, "cannot read the file: No such file or directory"),
    ],
)
def test_unreadable_gift_file_is_one_line(
    runner: FlaskCliRunner, tmp_path: Path, content: bytes | None, message: str
) -> None:
    gift = tmp_path / "latin1.gift"
    if content is not None:
        gift.write_bytes(content)
    result = runner.invoke(quiz, ["import-gift", str(gift)])
    assert_one_line_error(result, f"{gift}: {message}")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    "out", ["Customer Service.md", "bank.de.md", "bank.txt", "missing/bank.md"]
)
def test_import_rejects_bad_out_names(
    runner: FlaskCliRunner, tmp_path: Path, out: str
) -> None:
    target = tmp_path / out
    result = runner.invoke(quiz, ["import-gift", str(GIFT_FILE), "--out", str(target)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"Error: --out {target}: ")
    assert not target.exists()


# --- export -----------------------------------------------------------------


def test_export_by_path_to_stdout(runner: FlaskCliRunner, quizzes: Path) -> None:
    path = write_bank(quizzes, "demo", "telephone", SAMPLE)
    result = runner.invoke(quiz, ["export-gift", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "// Telephone etiquette (telephone), exported from the LMS\n"
    )
    assert "::q-unknown-product::[markdown]" in result.stdout
    assert result.stderr == (
        "warning: q-call-steps: ordering questions have no GIFT form; left out\n"
    )


def test_export_a_translation_by_path(runner: FlaskCliRunner, quizzes: Path) -> None:
    write_bank(quizzes, "demo", "telephone", SAMPLE)
    german = quizzes / "demo" / "telephone.de.md"
    german.write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(quiz, ["export-gift", str(german)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// Telefonknigge (telephone)")
    assert "Anrufer hören ein Lächeln." in result.stdout


def test_export_by_id_searches_every_course(
    runner: FlaskCliRunner, quizzes: Path, tmp_path: Path
) -> None:
    write_bank(quizzes, "demo", "telephone", SAMPLE)
    write_bank(quizzes, "other", "email")
    out = tmp_path / "telephone.gift"
    result = runner.invoke(quiz, ["export-gift", "telephone", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    assert out.read_text("utf-8").startswith("// Telephone etiquette (telephone)")

    result = runner.invoke(quiz, ["export-gift", "email", "--course", "other"])
    assert result.exit_code == 0, result.output
    assert "::q-last-word::" in result.stdout


def test_export_resolves_includes(runner: FlaskCliRunner, quizzes: Path) -> None:
    write_bank(quizzes, "demo", "telephone", SAMPLE)
    write_bank(
        quizzes,
        "demo",
        "final",
        "---\nid: final\ntitle: Final\npass_mark: 80\ninclude: [telephone]\n---\n",
    )
    result = runner.invoke(quiz, ["export-gift", "final"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// Final (final)")
    assert "::q-unknown-product::" in result.stdout
    assert "[tag:telephone]" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["email"],
            "bank 'email' is in several courses (demo, other); "
            "choose one with --course",
        ),
        (["nothing"], "there is no bank 'nothing' in {quizzes}"),
        (["email", "--course", "gone"], "there is no course folder 'gone' in {q}"),
        (["Not An Id"], "'Not An Id' is neither a bank file (.md) nor a bank id"),
        (["missing.md"], "missing.md: there is no such bank file"),
    ],
)
def test_export_lookup_errors(
    runner: FlaskCliRunner, quizzes: Path, args: list[str], message: str
) -> None:
    write_bank(quizzes, "demo", "email")
    write_bank(quizzes, "other", "email")
    result = runner.invoke(quiz, ["export-gift", *args])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected = message.format(quizzes=quizzes, q=quizzes)
    assert result.stderr.splitlines()[-1].startswith(f"Error: {expected}")


def test_bank_with_problems_is_not_exported(
    runner: FlaskCliRunner, quizzes: Path
) -> None:
    broken = ONE_QUESTION.format(bank_id="broken", title="Broken").replace(
        "= thank you\n", ""
    )
    write_bank(quizzes, "demo", "broken", broken)
    write_bank(quizzes, "demo", "unrelated", "not a bank\n")
    result = runner.invoke(quiz, ["export-gift", "broken"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("quizzes/demo/broken.md:7: question q-last-word")
    assert lines[-1] == (
        "Error: quizzes/demo/broken.md: 1 problem(s), nothing exported; "
        "3 more problem(s) in other banks of demo (lms content check lists them)"
    )


def test_a_broken_neighbour_does_not_stop_an_export(
    runner: FlaskCliRunner, quizzes: Path
) -> None:
    write_bank(quizzes, "demo", "email")
    write_bank(quizzes, "demo", "unrelated", "not a bank\n")
    result = runner.invoke(quiz, ["export-gift", "email"])
    assert result.exit_code == 0, result.output


# --- round trip ---------------------------------------------------------------


def test_import_export_import_gives_the_same_markdown(
    runner: FlaskCliRunner, quizzes: Path, tmp_path: Path
) -> None:
    course = quizzes / "demo"
    course.mkdir()
    first = runner.invoke(quiz, ["import-gift", str(GIFT_FILE), "--out", str(course)])
    assert first.exit_code == 0, first.output
    exported = tmp_path / "customer-service.gift"
    result = runner.invoke(quiz, ["export-gift", "customer-service", "--out", exported])
    assert result.exit_code == 0, result.output
    again = runner.invoke(quiz, ["import-gift", str(exported)])
    assert again.exit_code == 0, again.output
    assert again.stderr == ""
    assert again.stdout == (course / "customer-service.md").read_text("utf-8")


def test_export_fills_in_the_courses_company_facts(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """A bank that names the company through a fact exports the company's name
    (the instance file's, when one is set), not the placeholder."""
    courses, quizzes = tmp_path / "courses", tmp_path / "quizzes"
    (courses / "demo").mkdir(parents=True)
    (courses / "demo" / "course.md").write_text(
        "---\ntitle: Demo\nsummary: S.\nlanguage: en\n"
        "facts:\n  company_name: Northwind\n---\n",
        encoding="utf-8",
    )
    bank = ONE_QUESTION.format(bank_id="calls", title="Calls").replace(
        "Which word ends every call?", "How does {{ company_name }} end every call?"
    )
    path = write_bank(quizzes, "demo", "calls", bank)
    app.config["LMS_CONTENT_DIR"] = str(courses)
    app.config["LMS_QUIZ_DIR"] = str(quizzes)
    result = runner.invoke(quiz, ["export-gift", str(path)])
    assert result.exit_code == 0, result.output
    assert "How does Northwind end every call?" in result.stdout

    instance = tmp_path / "facts.yml"
    instance.write_text("demo:\n  company_name: Acme Ltd\n", encoding="utf-8")
    app.config["LMS_COURSE_FACTS"] = str(instance)
    result = runner.invoke(quiz, ["export-gift", str(path)])
    assert "How does Acme Ltd end every call?" in result.stdout
    assert "{{" not in result.stdout


def test_a_failed_import_writes_nothing(
    runner: FlaskCliRunner, quizzes: Path, tmp_path: Path
) -> None:
    # Converts, but our checks refuse it: a wrong choice worth 100 %.
    gift = tmp_path / "broken.gift"
    gift.write_text("::Q::Which? {=a ~%100%b}\n", encoding="utf-8")
    course = quizzes / "demo"
    course.mkdir()
    result = runner.invoke(quiz, ["import-gift", str(gift), "--out", str(course)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "does not pass the checks" in result.stderr
    assert "worth 100; mark it '[x]'" in result.stderr
    # No bank, no half-written or temporary file: content check stays clean.
    assert list(course.iterdir()) == []


def test_several_equals_answers_import_and_pass_the_checks(
    runner: FlaskCliRunner, quizzes: Path, tmp_path: Path
) -> None:
    gift = tmp_path / "seasons.gift"
    gift.write_text(
        "::Seasons::Which is a season? {=spring =summer =winter =autumn ~easter}\n",
        encoding="utf-8",
    )
    course = quizzes / "demo"
    course.mkdir()
    result = runner.invoke(quiz, ["import-gift", str(gift), "--out", str(course)])
    assert result.exit_code == 0, result.output
    text = (course / "seasons.md").read_text("utf-8")
    assert "{#q-seasons .single}" in text
    assert text.count("- [x]") == 4
