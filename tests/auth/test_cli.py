"""The ``lms user`` and ``lms db`` commands, run as the console script would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.models import Person

PASSWORD = "violet tractor under moonlight"


def test_user_create_reads_password_from_stdin(runner: Any, db: Any) -> None:
    result = runner.invoke(
        args=[
            "user",
            "create",
            "New.Person@Example.com",
            "--name",
            "New Person",
            "--role",
            "learner",
            "--role",
            "author",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    person = db.scalar(select(Person).where(Person.email == "new.person@example.com"))
    assert person.roles == {"learner", "author"}


def test_user_create_has_no_password_option(runner: Any) -> None:
    result = runner.invoke(
        args=["user", "create", "a@example.com", "--name", "A", "--password", PASSWORD]
    )
    assert result.exit_code != 0
    assert "No such option" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["user", "create", "not-an-email", "--name", "X"],
            PASSWORD,
            "needs an @ sign",
        ),
        (["user", "create", "a@example.com", "--name", "  "], PASSWORD, "Enter a name"),
        (["user", "create", "a@example.com", "--name", "A"], "short", "at least 12"),
        (["user", "create", "a@example.com", "--name", "A"], "", "no password"),
        (
            ["user", "create", "a@example.com", "--name", "A", "--role", "boss"],
            PASSWORD,
            "Invalid value for '--role'",
        ),
        (["user", "set-password", "ghost@example.com"], PASSWORD, "no account"),
        (["user", "deactivate", "ghost@example.com"], "", "no account"),
    ],
)
def test_bad_input_exits_nonzero_with_one_line(
    runner: Any, args: list[str], stdin: str, message: str
) -> None:
    result = runner.invoke(args=args, input=stdin + "\n" if stdin else "")
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_duplicate_account_is_refused(runner: Any, make_person: Any) -> None:
    make_person(email="taken@example.com")
    result = runner.invoke(
        args=["user", "create", "taken@example.com", "--name", "Again"], input=PASSWORD
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_set_password_and_deactivate(
    runner: Any, make_person: Any, client: Any
) -> None:
    person = make_person()
    result = runner.invoke(
        args=["user", "set-password", person.email], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    result = runner.invoke(args=["user", "deactivate", person.email])
    assert result.exit_code == 0
    assert client.get("/").status_code == 302


def test_ensure_admin_prints_password_once(runner: Any, client: Any) -> None:
    first = runner.invoke(args=["user", "ensure-admin"])
    assert first.exit_code == 0
    password = first.output.split("one-time password:")[1].split()[0]
    second = runner.invoke(args=["user", "ensure-admin"])
    assert "no new password" in second.output
    assert password not in second.output
    response = client.submit(
        "/login", {"email": "admin@example.com", "password": password}
    )
    assert response.headers["Location"] == "/account/password"


def _lms(
    args: list[str], env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "lms"
    return subprocess.run(
        [str(script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_console_script_migrates_and_creates_users(tmp_path: Path) -> None:
    env = {
        "LMS_INSTANCE_PATH": str(tmp_path),
        "LMS_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    env.pop("LMS_SECRET_KEY", None)
    assert _lms(["db", "upgrade"], env).returncode == 0
    created = _lms(
        ["user", "create", "cli@example.com", "--name", "Cli"], env, PASSWORD
    )
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_malformed_database_url_stops_with_one_line(tmp_path: Path) -> None:
    result = _lms(
        ["db", "upgrade"],
        {"LMS_DATABASE_URL": "postgres//oops", "LMS_INSTANCE_PATH": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "LMS_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_command_on_unmigrated_database_explains_itself(tmp_path: Path) -> None:
    env = {
        "LMS_INSTANCE_PATH": str(tmp_path),
        "LMS_DATABASE_URL": f"sqlite:///{tmp_path}/empty.db",
    }
    result = _lms(["user", "deactivate", "a@example.com"], env)
    assert result.returncode != 0
    assert "lms db upgrade" in result.stderr
    assert "Traceback" not in result.stderr
