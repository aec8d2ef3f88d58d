"""The `lms demo` commands: a made-up organisation to try HR screens at scale."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.clitools import user_errors
from lms.db import get_session, utcnow
from lms.demo.seed import seed_demo


@click.group("demo")
def demo() -> None:
    """HR: demo data."""


@demo.command("seed")
@click.option("--users", type=click.IntRange(1), required=True, help="How many people.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--force",
    is_flag=True,
    help="Add demo people even though people other than administrators exist.",
)
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@with_appcontext
@user_errors
def seed(users: int, seed: int, force: bool, quiet: bool) -> None:
    """Create departments, people, assignments, attempts and certificates.

    Every certificate gets its own rendered PDF (about 0.1 s each), so a few
    thousand people take minutes. Run it once, on a database without people;
    demo people have no password and cannot log in.
    """
    session = get_session()
    started = time.perf_counter()
    report = seed_demo(
        session,
        users=users,
        seed=seed,
        now=utcnow(),
        base_url=current_app.config["LMS_BASE_URL"],
        template_dir=Path(current_app.config["LMS_CERTIFICATE_DIR"]),
        force=force,
        progress=None if quiet else lambda line: click.echo(line, err=True),
    )
    session.commit()
    elapsed = time.perf_counter() - started
    click.echo(
        f"created {report.people} people in {report.departments} departments, "
        f"{report.assignments} assignments, {report.attempts} attempts, "
        f"{report.certificates} certificates in {elapsed:.1f} s"
    )
