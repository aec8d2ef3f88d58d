"""``lms quiz import-gift`` and ``lms quiz export-gift``: Moodle GIFT files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import yaml
from flask import current_app
from flask.cli import with_appcontext

from lms.config import SUPPORTED_LANGUAGES, course_facts_file
from lms.content.facts.placeholders import Facts
from lms.content.facts.sources import read_course_facts, read_instance_facts
from lms.content.names import is_slug, split_markdown_name
from lms.quiz.bank.loader import load_course_banks
from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.schema import Bank, Problem
from lms.quiz.gift.convert import export_gift, has_gift_form, import_gift
from lms.quiz.gift.reader import read_gift

STDOUT = "<stdout>"


@click.group()
def quiz() -> None:
    """Question banks: exchange with Moodle (GIFT)."""


def _echo_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path}: the file is not UTF-8 text") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise click.ClickException(f"{path}: cannot read the file: {reason}") from None


def _write_text(path: Path, text: str) -> None:
    """Write all or nothing: a hidden temporary file, then renamed into place.

    A crash or a full disk never leaves a half-written bank that would block
    ``lms content check`` (it reads only ``*.md``).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise click.ClickException(f"{path}: cannot write the file: {reason}") from None


# --- import -----------------------------------------------------------------


def _split_front(markdown: str) -> tuple[dict[str, Any], str]:
    """The front matter `import_gift` wrote, and the rest of the bank."""
    _, front, body = markdown.split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(front)
    return data, body


def _with_bank_id(markdown: str, bank_id: str) -> str:
    """The bank with its id set to match the file it is written to."""
    front, body = _split_front(markdown)
    front["id"] = bank_id
    dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
    return f"---\n{dumped}---\n{body}"


def _target(out: Path, imported_id: str) -> tuple[Path, str]:
    """The bank file to write and its id (a bank's id is its file name)."""
    if out.is_dir():
        return out / f"{imported_id}.md", imported_id
    name = split_markdown_name(out.name)
    if isinstance(name, str) or name.language or not is_slug(name.stem):
        raise click.ClickException(
            f"--out {out}: give an existing folder, or a bank file named "
            "<bank-id>.md with lowercase letters, digits and dashes "
            "(like customer-service.md)"
        )
    if not out.parent.is_dir():
        raise click.ClickException(
            f"--out {out}: the folder {out.parent} does not exist"
        )
    return out, name.stem


def _check_converted(markdown: str, shown: str) -> None:
    """Our own checks must accept what the import produced."""
    _, problems = parse_bank(markdown, shown)
    if problems:
        _echo_problems(problems)
        raise click.ClickException(
            f"{shown}: the converted bank does not pass the checks; fix the "
            "problems above by hand, or report them as a bug in the GIFT import"
        )


@quiz.command("import-gift")
@click.argument("gift_file", metavar="FILE.gift", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Bank file (quizzes/<course>/<bank>.md) or a folder to write "
    "<bank>.md into. Default: standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing bank file.")
def import_gift_command(gift_file: Path, out: Path | None, force: bool) -> None:
    """Convert a Moodle GIFT file into a question bank in Markdown.

    What cannot be converted (essays, descriptions, broken questions) is
    reported as path:line: message on standard error and left out.
    """
    shown = str(gift_file)
    text = _read_text(gift_file)
    markdown, warnings = import_gift(text, shown)
    _echo_problems(warnings)
    questions, _ = read_gift(text, shown)
    if not questions:
        raise click.ClickException(
            f"{shown}: no question could be converted; nothing was written"
        )
    if out is None:
        click.echo(markdown, nl=False)
        _check_converted(markdown, STDOUT)
        return
    front, _ = _split_front(markdown)
    target, bank_id = _target(out, str(front["id"]))
    if target.exists() and not force:
        raise click.ClickException(
            f"{target} exists already; use --force to overwrite it"
        )
    final = _with_bank_id(markdown, bank_id)
    # Checked before anything is written: a failed import writes nothing.
    _check_converted(final, str(target))
    _write_text(target, final)
    left_out = f", {len(warnings)} warning(s) above" if warnings else ""
    click.echo(f"wrote {target}: {len(questions)} question(s){left_out}")


# --- export -----------------------------------------------------------------


def _find_bank_file(bank: str, course: str | None) -> Path:
    """BANK as a path to a bank file, or a bank id under the quizzes folder."""
    if bank.endswith(".md"):
        if course is not None:
            raise click.ClickException(
                "--course goes with a bank id, not with a bank file"
            )
        path = Path(bank)
        if not path.is_file():
            raise click.ClickException(f"{bank}: there is no such bank file")
        return path.resolve()
    if not is_slug(bank):
        raise click.ClickException(
            f"'{bank}' is neither a bank file (.md) nor a bank id "
            "(lowercase letters, digits and dashes)"
        )
    quizzes_dir = Path(current_app.config["LMS_QUIZ_DIR"])
    if course is not None:
        if not (quizzes_dir / course).is_dir():
            raise click.ClickException(
                f"there is no course folder '{course}' in {quizzes_dir}"
            )
        course_dirs = [quizzes_dir / course]
    elif quizzes_dir.is_dir():
        course_dirs = sorted(
            p for p in quizzes_dir.iterdir() if p.is_dir() and p.name[0] != "."
        )
    else:
        raise click.ClickException(f"the quizzes folder {quizzes_dir} does not exist")
    found = [d / f"{bank}.md" for d in course_dirs if (d / f"{bank}.md").is_file()]
    if not found:
        where = course_dirs[0] if course is not None else quizzes_dir
        raise click.ClickException(f"there is no bank '{bank}' in {where}")
    if len(found) > 1:
        courses = ", ".join(path.parent.name for path in found)
        raise click.ClickException(
            f"bank '{bank}' is in several courses ({courses}); choose one with --course"
        )
    return found[0].resolve()


def _course_facts(course: str) -> Facts | None:
    """The company facts of the course folder named ``course`` (course.md's,
    overridden by the instance file), so exported text shows their values."""
    course_dir = Path(current_app.config["LMS_CONTENT_DIR"]) / course
    if not (course_dir / "course.md").is_file():
        return None
    facts_file = course_facts_file(current_app.config)
    instance = (
        read_instance_facts(facts_file, SUPPORTED_LANGUAGES)[0] if facts_file else None
    )
    facts, _problems = read_course_facts(
        course_dir.absolute(),
        course_dir.absolute().parent.parent,
        SUPPORTED_LANGUAGES,
        instance,
    )
    return facts


def _load_bank(path: Path) -> Bank:
    """The bank in ``path`` with its includes resolved, or exit listing problems.

    Problems in other banks of the course only matter through an include,
    which is reported on this bank's own file.
    """
    course_dir = path.parent
    root = course_dir.parent
    shown = path.relative_to(root.parent).as_posix()
    name = split_markdown_name(path.name)
    stem = path.name.removesuffix(".md") if isinstance(name, str) else name.stem
    language = None if isinstance(name, str) else name.language
    own_files = {
        shown,
        (path.parent / f"{stem}.md").relative_to(root.parent).as_posix(),
    }
    facts = _course_facts(course_dir.name)
    sets, problems = load_course_banks(course_dir, root, facts=facts)
    own = [p for p in problems if p.path in own_files]
    bank_set = sets.get(stem)
    if own or bank_set is None:
        _echo_problems(own)
        others = len(problems) - len(own)
        elsewhere = (
            f"; {others} more problem(s) in other banks of {course_dir.name} "
            "(lms content check lists them)"
            if others
            else ""
        )
        found = f"{len(own)} problem(s)" if own else "cannot be loaded"
        raise click.ClickException(f"{shown}: {found}, nothing exported{elsewhere}")
    return bank_set.for_language(language) if language else bank_set.original


@quiz.command("export-gift")
@click.argument("bank")
@click.option("--course", help="Course folder to look for a bank id in.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="GIFT file to write. Default: standard output.",
)
@with_appcontext
def export_gift_command(bank: str, course: str | None, out: Path | None) -> None:
    """Export a question bank to Moodle GIFT, its includes resolved.

    BANK is a bank file (quizzes/<course>/<bank>.md, or a translation such as
    <bank>.de.md) or a bank id, looked up in the configured quizzes folder.
    """
    loaded = _load_bank(_find_bank_file(bank, course))
    for question in loaded.questions():
        if not has_gift_form(question.type):
            click.echo(
                f"warning: {question.id}: {question.type} questions have no GIFT "
                "form; left out",
                err=True,
            )
    gift = export_gift(loaded)
    if out is None:
        click.echo(gift, nl=False)
        return
    _write_text(out, gift)
    click.echo(f"wrote {out}")
