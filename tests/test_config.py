"""Configuration from LMS_* variables, secret key handling, database URL checks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from lms import create_app
from lms.config import load_config, loopback_link_warning, read_or_create_secret_key
from lms.errors import ConfigError


@pytest.mark.parametrize(
    "url", ["postgres//oops", "mysql://x@y/z", "not a url", "postgresql+psycopg2://x/y"]
)
def test_malformed_database_url_names_the_variable(url: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LMS_DATABASE_URL"):
        load_config(str(tmp_path), {}, {"LMS_DATABASE_URL": url})


def test_plain_postgresql_url_gets_psycopg_driver(tmp_path: Path) -> None:
    config = load_config(
        str(tmp_path),
        {},
        {"LMS_DATABASE_URL": "postgresql://u@h/d", "LMS_SECRET_KEY": "k"},
    )
    assert config["LMS_DATABASE_URL"] == "postgresql+psycopg://u@h/d"


def test_default_database_is_sqlite_in_instance_folder(tmp_path: Path) -> None:
    config = load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k"})
    assert config["LMS_DATABASE_URL"] == f"sqlite:///{tmp_path}/lms.sqlite3"


def test_secret_key_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    first = read_or_create_secret_key(tmp_path)
    second = read_or_create_secret_key(tmp_path)
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_secret_key_from_environment_wins(tmp_path: Path) -> None:
    config = load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "from-env"})
    assert config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_https_base_url_makes_cookies_secure(tmp_path: Path) -> None:
    config = load_config(
        str(tmp_path),
        {},
        {"LMS_SECRET_KEY": "k", "LMS_BASE_URL": "https://learn.example.com/"},
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["LMS_BASE_URL"] == "https://learn.example.com"


def test_relative_base_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LMS_BASE_URL"):
        load_config(
            str(tmp_path),
            {},
            {"LMS_SECRET_KEY": "k", "LMS_BASE_URL": "learn.example.com"},
        )


def test_factory_does_not_touch_the_database(tmp_path: Path) -> None:
    database = tmp_path / "never-created.sqlite3"
    create_app(
        {
            "LMS_DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": "k",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    assert not database.exists()


def test_session_lifetimes_have_safe_defaults(tmp_path: Path) -> None:
    config = load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k"})
    assert config["LMS_SESSION_IDLE_HOURS"] == 8
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    assert config["WTF_CSRF_TIME_LIMIT"] == 8 * 3600
    assert "REMEMBER_COOKIE_DURATION_DAYS" not in config


def test_session_lifetimes_come_from_the_environment(tmp_path: Path) -> None:
    config = load_config(
        str(tmp_path),
        {},
        {
            "LMS_SECRET_KEY": "k",
            "LMS_SESSION_IDLE_HOURS": "2.5",
            "LMS_REMEMBER_DAYS": "14",
        },
    )
    assert config["LMS_SESSION_IDLE_HOURS"] == 2.5
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)
    # A form left open can be sent as long as its session lasts.
    assert config["WTF_CSRF_TIME_LIMIT"] == 9000
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k", "LMS_REMEMBER_DAYS": 7}
    )
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)


@pytest.mark.parametrize("value", ["0", "-3", "eight", "nan", "inf"])
@pytest.mark.parametrize("name", ["LMS_SESSION_IDLE_HOURS", "LMS_REMEMBER_DAYS"])
def test_bad_session_lifetime_names_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k", name: value})


def test_rate_limit_counts_default_to_the_database_not_to_memory(
    tmp_path: Path,
) -> None:
    config = load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k"})
    assert config["LMS_RATELIMIT_STORAGE_URL"] == ""
    assert config["LMS_TRUSTED_PROXIES"] == 0


def test_rate_limit_settings_are_read_from_the_environment(tmp_path: Path) -> None:
    environ = {
        "LMS_SECRET_KEY": "k",
        "LMS_RATELIMIT_STORAGE_URL": "redis://cache:6379/2",
        "LMS_RATELIMIT_KEY_PREFIX": "site-b",
        "LMS_TRUSTED_PROXIES": "1",
    }
    config = load_config(str(tmp_path), {}, environ)
    assert config["LMS_RATELIMIT_STORAGE_URL"] == "redis://cache:6379/2"
    assert config["LMS_RATELIMIT_KEY_PREFIX"] == "site-b"
    assert config["LMS_TRUSTED_PROXIES"] == 1


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("LMS_RATELIMIT_STORAGE_URL", "memcached://cache:11211"),
        ("LMS_RATELIMIT_STORAGE_URL", "redis//cache"),
        ("LMS_TRUSTED_PROXIES", "yes"),
        ("LMS_TRUSTED_PROXIES", "-1"),
        ("LMS_TRUSTED_PROXIES", "²"),
        ("LMS_TRUSTED_PROXIES", "99"),
        ("LMS_LOGIN_LIMIT", "ten per minute"),
        ("LMS_VERIFY_LIMIT", "30 per fortnight"),
    ],
)
def test_bad_rate_limit_settings_stop_start_up_naming_the_variable(
    key: str, value: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=key):
        load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k", key: value})


ANY = "0.0.0.0"  # noqa: S104  (a listening address, nothing binds here)


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        ({}, "http://127.0.0.1:5000"),
        ({"LMS_PORT": "5401"}, "http://127.0.0.1:5401"),
        ({"LMS_HOST": ANY, "LMS_PORT": "8080"}, "http://127.0.0.1:8080"),
        ({"LMS_HOST": "lms.example.com"}, "http://lms.example.com:5000"),
        ({"LMS_HOST": "::1", "LMS_PORT": "5401"}, "http://[::1]:5401"),
        (
            {"LMS_PORT": "5401", "LMS_BASE_URL": "https://learn.example.com"},
            "https://learn.example.com",
        ),
    ],
)
def test_base_url_defaults_to_the_address_make_run_serves(
    environ: dict[str, str], url: str, tmp_path: Path
) -> None:
    config = load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k", **environ})
    assert config["LMS_BASE_URL"] == url


@pytest.mark.parametrize(
    ("base_url", "host", "warns"),
    [
        ("http://127.0.0.1:5000", ANY, True),
        ("http://localhost:5000", "192.168.1.20", True),
        ("http://[::1]:5000", "::", True),
        ("http://127.0.0.1:5000", "127.0.0.1", False),
        ("http://127.0.0.1:5000", "localhost", False),
        ("http://lms.example.com", ANY, False),
        ("http://192.168.1.20:5000", ANY, False),
    ],
)
def test_warning_when_links_point_at_loopback_but_others_connect(
    base_url: str, host: str, warns: bool
) -> None:
    warning = loopback_link_warning(base_url, host)
    assert (warning is not None) == warns
    if warning:
        assert base_url in warning
        assert "LMS_BASE_URL" in warning


def test_refresher_flag_settings_come_from_the_environment(tmp_path: Path) -> None:
    config = load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k"})
    assert config["LMS_REFRESH_RETENTION_THRESHOLD"] == 70
    assert config["LMS_REFRESH_MIN_ANSWERS"] == 5
    config = load_config(
        str(tmp_path),
        {},
        {
            "LMS_SECRET_KEY": "k",
            "LMS_REFRESH_RETENTION_THRESHOLD": "62.5",
            "LMS_REFRESH_MIN_ANSWERS": " 8 ",
        },
    )
    assert config["LMS_REFRESH_RETENTION_THRESHOLD"] == 62.5
    assert config["LMS_REFRESH_MIN_ANSWERS"] == 8


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LMS_REFRESH_RETENTION_THRESHOLD", "0"),
        ("LMS_REFRESH_RETENTION_THRESHOLD", "101"),
        ("LMS_REFRESH_RETENTION_THRESHOLD", "70%"),
        ("LMS_REFRESH_RETENTION_THRESHOLD", "nan"),
        ("LMS_REFRESH_MIN_ANSWERS", "0"),
        ("LMS_REFRESH_MIN_ANSWERS", "2.5"),
        ("LMS_REFRESH_MIN_ANSWERS", "-1"),
        ("LMS_REFRESH_MIN_ANSWERS", "five"),
    ],
)
def test_bad_refresher_flag_setting_names_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path), {}, {"LMS_SECRET_KEY": "k", name: value})
