"""`make run` on a fresh machine: the start-up sync, the box, the Debian packages.

The review (first use, section 1): a broken lesson kept the site from starting,
the password scrolled away, and a non-root user was asked for the test tools.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PHONE = "courses/cse/01-basics/02-phone.md"
BROKEN = "---\ntitle: Phone: the basics\n---\nText.\n"  # unquoted colon: bad YAML


def test_a_broken_lesson_at_start_keeps_the_last_good_course(
    runner: Any, content_root: Path, client: Any, auth: Any
) -> None:
    assert runner.invoke(args=["content", "sync", "--at-start"]).exit_code == 0
    (content_root / PHONE).write_text(BROKEN, encoding="utf-8")

    result = runner.invoke(args=["content", "sync", "--at-start"])

    assert result.exit_code == 0, result.output
    assert f"{PHONE}:2:" in result.output.replace(str(content_root) + "/", "")
    assert "the site starts with the content of the last successful sync" in (
        result.output
    )
    auth.login()
    page = client.get("/courses/cse/basics/phone")
    assert page.status_code == 200


def test_a_broken_lesson_at_first_start_starts_without_the_course(
    runner: Any, content_root: Path
) -> None:
    (content_root / PHONE).write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(args=["content", "sync", "--at-start"])
    assert result.exit_code == 0, result.output
    assert "the site starts without courses: none was ever synced" in result.output


def test_without_at_start_a_broken_lesson_still_fails_the_sync(
    runner: Any, content_root: Path
) -> None:
    (content_root / PHONE).write_text(BROKEN, encoding="utf-8")
    assert runner.invoke(args=["content", "sync"]).exit_code == 1


def test_welcome_box_shows_address_and_login(runner: Any, app: Any) -> None:
    app.config["LMS_BASE_URL"] = "http://127.0.0.1:5401"
    first = runner.invoke(args=["user", "ensure-admin", "--welcome"])
    assert first.exit_code == 0, first.output
    lines = first.output.rstrip("\n").splitlines()
    assert lines[0].startswith("+--")
    assert lines[-1].startswith("+--")
    assert all(line.startswith("| ") for line in lines[1:-1])
    assert "Open http://127.0.0.1:5401 in your browser." in first.output
    assert "e-mail:            admin@example.com" in first.output
    assert "one-time password: " in first.output
    assert "WARNING" not in first.output

    second = runner.invoke(args=["user", "ensure-admin", "--welcome"])
    assert "An administrator exists already; no new password." in second.output
    assert "one-time password" not in second.output
    assert "http://127.0.0.1:5401" in second.output


def test_welcome_box_warns_when_links_point_at_loopback(
    runner: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["LMS_BASE_URL"] = "http://127.0.0.1:5000"
    monkeypatch.setenv("LMS_HOST", "0.0.0.0")  # noqa: S104  (what a server binds)
    result = runner.invoke(args=["user", "ensure-admin", "--welcome"])
    assert "WARNING: LMS_BASE_URL is http://127.0.0.1:5000" in result.output
    assert "every address" in result.output


def _make_dry_run(target: str) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    done = subprocess.run(  # noqa: S603
        [make, "-n", "-B", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    return done.stdout + done.stderr


def test_make_run_asks_only_for_the_run_packages() -> None:
    run = _make_dry_run("run")
    assert "tools/debian-packages.txt" in run
    assert "test-packages" not in run
    test = _make_dry_run("install-test")
    assert "tools/debian-packages.txt tools/test-packages.txt" in test


def test_run_packages_are_weasyprints_libraries_only() -> None:
    def packages(name: str) -> set[str]:
        text = (ROOT / "tools" / name).read_text(encoding="utf-8")
        return {
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        }

    run = packages("debian-packages.txt")
    assert run == {
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz0b",
        "fontconfig",
        "fonts-noto-core",
        "fonts-noto-cjk",
    }
    assert {"chromium", "poppler-utils", "zbar-tools"} <= packages("test-packages.txt")


def test_not_root_prints_the_apt_get_line_and_stops() -> None:
    command = ["bash", str(ROOT / "tools" / "ensure-debian-packages.sh")]
    if os.geteuid() == 0:  # run it as nobody, as a non-root user would
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv: the script would install")
        command = [
            setpriv,
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            *command,
        ]
    # A list file that nobody can read (pytest's tmp_path is private to root).
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir="/tmp") as listed:  # noqa: S108
        listed.write("# a comment\nlms-no-such-package-a\nbash\n")
        listed.flush()
        os.chmod(listed.name, 0o644)
        done = subprocess.run(  # noqa: S603
            [*command, listed.name], capture_output=True, text=True, check=False
        )
    assert done.returncode == 1, done.stderr
    assert "    sudo apt-get install lms-no-such-package-a\n" in done.stderr
    assert "installing" not in done.stdout + done.stderr
