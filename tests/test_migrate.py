"""`lms db upgrade` on a fresh SQLite path: private files, no stray folders."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from lms import create_app, migrate
from lms.db import make_engine
from lms.errors import ConfigError


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    database = instance / "lms.sqlite3"
    url = f"sqlite:///{database}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:  # a write makes SQLite open -wal, -shm
            connection.execute(text("CREATE TABLE probe (id INTEGER)"))
            wal = Path(f"{database}-wal")
            shm = Path(f"{database}-shm")
            assert wal.exists()
            assert shm.exists()
            assert {mode(wal), mode(shm)} == {0o600}
    finally:
        engine.dispose()
    assert mode(instance) == 0o700
    assert mode(database) == 0o600


def test_the_command_refuses_a_path_whose_parents_are_missing(
    tmp_path: Path, app_config: dict[str, Any]
) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.db"
    app_config["LMS_DATABASE_URL"] = f"sqlite:///{target}"
    app = create_app(app_config)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 1
    assert f"the folder {target.parent.parent} does not exist" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "no").exists()
    with pytest.raises(ConfigError):
        migrate.upgrade(f"sqlite:///{target}")


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    migrate.upgrade(f"sqlite:///{folder / 'lms.sqlite3'}")
    assert mode(folder) == 0o755  # the operator's own folder: not ours to change
    assert mode(folder / "lms.sqlite3") == 0o600
