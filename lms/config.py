"""Configuration defaults and the parsing of ``LMS_*`` environment variables."""

from __future__ import annotations

import ipaddress
import math
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse as parse_limit
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from lms.errors import ConfigError

SUPPORTED_LANGUAGES = ("en", "de")
SECRET_KEY_FILE = "secret_key"  # noqa: S105  (a file name, not a secret)

# Where `make run` serves by default; LMS_BASE_URL follows LMS_HOST/LMS_PORT.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = "5000"

DEFAULTS: dict[str, Any] = {
    # Rate limits and proxies (lms/web/ratelimit.py, lms/web/proxies.py).
    "LMS_RATELIMIT_STORAGE_URL": "",  # empty: the database; or redis://, memory://
    "LMS_RATELIMIT_KEY_PREFIX": "lms",
    "LMS_TRUSTED_PROXIES": 0,
    "LMS_LOGIN_LIMIT": "10 per 15 minutes",
    "LMS_VERIFY_LIMIT": "30 per minute",
    "LMS_CERTIFICATE_DIR": None,
    "LMS_CONTENT_DIR": None,
    "LMS_QUIZ_DIR": None,
    # A YAML file of company facts that overrides course.md (docs/authoring.md).
    "LMS_COURSE_FACTS": None,
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "LMS_SESSION_IDLE_HOURS": 8,
    "LMS_REMEMBER_DAYS": 30,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    # E-mail addresses on a host without a dot (anna@intranet); lms/emails.py.
    "LMS_EMAIL_ALLOW_SINGLE_LABEL": False,
    # Single sign-on with an OpenID Provider (lms/sso, README "Single sign-on").
    # Off while LMS_OIDC_ISSUER is empty.
    "LMS_OIDC_ISSUER": "",
    "LMS_OIDC_CLIENT_ID": "",
    "LMS_OIDC_CLIENT_SECRET": "",
    "LMS_OIDC_SCOPES": "openid email profile",
    "LMS_OIDC_LABEL": "",  # "Log in with <label>"; empty: the issuer's host
    "LMS_OIDC_CLAIM_EMAIL": "email",
    "LMS_OIDC_CLAIM_NAME": "name",
    "LMS_OIDC_CLAIM_EMPLOYEE_ID": "employee_id",
    "LMS_OIDC_CLAIM_DEPARTMENT": "department",
    "LMS_OIDC_CLAIM_GROUPS": "groups",
    "LMS_OIDC_CLAIM_LANGUAGE": "locale",
    "LMS_OIDC_ROLE_MAP": "",  # group=role,group=role
    "LMS_OIDC_CLOCK_SKEW": 60,  # seconds of leeway for iat/exp/nbf
    "LMS_OIDC_TIMEOUT": 10,  # seconds for each request to the provider
    # Only single sign-on on the login page; the password form stays at
    # /login/local for administrators and LMS_SSO_BREAK_GLASS_EMAIL.
    "LMS_SSO_ONLY": False,
    "LMS_SSO_BREAK_GLASS_EMAIL": "",
    # SCIM provisioning (lms/scim): what a pushed group means, as
    # "Group=role:hr,Sales team=department:Sales"; unmapped groups mean nothing.
    "LMS_SCIM_GROUP_MAP": "",
    # Background jobs (lms/jobs): empty means a SQLite queue in the instance
    # folder (one machine); redis://... lets several servers share one queue.
    "LMS_JOBS_REDIS_URL": "",
    # What workers do on a schedule: five cron fields in UTC; empty turns it off.
    "LMS_SCHEDULE_REMINDERS": "0 6 * * *",
    "LMS_SCHEDULE_SETTLE": "*/5 * * * *",
    "LMS_SCHEDULE_REOPEN": "30 * * * *",
    "LMS_SCHEDULE_REFRESHERS": "15 7 * * *",
    "LMS_SCHEDULE_JOBS_REAP": "* * * * *",
    "LMS_SCHEDULE_JOBS_CLEAN": "10 * * * *",
    # HR flags refresher topics under this % right, from this many answers:
    "LMS_REFRESH_RETENTION_THRESHOLD": 70,
    "LMS_REFRESH_MIN_ANSWERS": 5,
    # HR exports with more rows than this run as background jobs; 0: never.
    "LMS_EXPORT_JOB_THRESHOLD": 5000,
    # A confirmed people file with more rows than this is imported by a worker.
    "LMS_IMPORT_JOB_THRESHOLD": 2000,
    # The organisation that issues certificates (lms/certify/issuer.py): printed on
    # certificates and transcripts, shown on the verify page, in every record.
    "LMS_ISSUER_NAME": "",  # empty: the host of LMS_BASE_URL
    "LMS_ISSUER_URL": "",  # empty: LMS_BASE_URL
    "LMS_ISSUER_ADDRESS": "",
    "LMS_ISSUER_LOGO": "",  # path to a PNG, JPEG or SVG file
    "LMS_ISSUER_SIGNATORY_NAME": "",
    "LMS_ISSUER_SIGNATORY_TITLE": "",
    "LMS_ISSUER_SIGNATURE_IMAGE": "",  # path to a PNG, JPEG or SVG file
    # The Ed25519 key signing the Open Badges credentials (lms/badges); empty:
    # badge-key.pem in the instance folder, generated at first start.
    "LMS_BADGE_KEY": "",
    # The key and certificate (PEM files) that sign every issued PDF; empty: a
    # self-signed pair made at first start in the instance folder (signing.pem).
    "LMS_SIGNING_KEY": "",
    "LMS_SIGNING_CERT": "",
}

# Settings that are on for 1, true, yes, on (any case) and off otherwise.
FLAG_KEYS = ("LMS_EMAIL_ALLOW_SINGLE_LABEL", "LMS_SSO_ONLY")
_TRUE = frozenset({"1", "true", "yes", "on"})

# Environment variables read by the app; each maps onto the config key of the same
# name. LMS_SECRET_KEY becomes Flask's SECRET_KEY.
ENV_KEYS = (
    "LMS_DATABASE_URL",
    "LMS_BASE_URL",
    "LMS_RATELIMIT_STORAGE_URL",
    "LMS_RATELIMIT_KEY_PREFIX",
    "LMS_TRUSTED_PROXIES",
    "LMS_CONTENT_DIR",
    "LMS_QUIZ_DIR",
    "LMS_COURSE_FACTS",
    "LMS_LOGIN_LIMIT",
    "LMS_TIMEZONE",
    "LMS_VERIFY_LIMIT",
    "LMS_CERTIFICATE_DIR",
    "LMS_SMTP_HOST",
    "LMS_SMTP_PORT",
    "LMS_SMTP_USER",
    "LMS_SMTP_PASSWORD",
    "LMS_SMTP_FROM",
    "LMS_SMTP_STARTTLS",
    "LMS_HR_CONTACT",
    "LMS_SESSION_IDLE_HOURS",
    "LMS_REMEMBER_DAYS",
    *FLAG_KEYS,
    "LMS_OIDC_ISSUER",
    "LMS_OIDC_CLIENT_ID",
    "LMS_OIDC_CLIENT_SECRET",
    "LMS_OIDC_SCOPES",
    "LMS_OIDC_LABEL",
    "LMS_OIDC_CLAIM_EMAIL",
    "LMS_OIDC_CLAIM_NAME",
    "LMS_OIDC_CLAIM_EMPLOYEE_ID",
    "LMS_OIDC_CLAIM_DEPARTMENT",
    "LMS_OIDC_CLAIM_GROUPS",
    "LMS_OIDC_CLAIM_LANGUAGE",
    "LMS_OIDC_ROLE_MAP",
    "LMS_OIDC_CLOCK_SKEW",
    "LMS_OIDC_TIMEOUT",
    "LMS_SSO_BREAK_GLASS_EMAIL",
    "LMS_SCIM_GROUP_MAP",
    "LMS_JOBS_REDIS_URL",
    "LMS_SCHEDULE_REMINDERS",
    "LMS_SCHEDULE_SETTLE",
    "LMS_SCHEDULE_REOPEN",
    "LMS_SCHEDULE_REFRESHERS",
    "LMS_REFRESH_RETENTION_THRESHOLD",
    "LMS_REFRESH_MIN_ANSWERS",
    "LMS_EXPORT_JOB_THRESHOLD",
    "LMS_IMPORT_JOB_THRESHOLD",
    "LMS_ISSUER_NAME",
    "LMS_ISSUER_URL",
    "LMS_ISSUER_ADDRESS",
    "LMS_ISSUER_LOGO",
    "LMS_ISSUER_SIGNATORY_NAME",
    "LMS_ISSUER_SIGNATORY_TITLE",
    "LMS_ISSUER_SIGNATURE_IMAGE",
    "LMS_BADGE_KEY",
    "LMS_SIGNING_KEY",
    "LMS_SIGNING_CERT",
)


def load_config(
    instance_path: str, overrides: Mapping[str, Any] | None, environ: Mapping[str, str]
) -> dict[str, Any]:
    """Merge defaults, ``LMS_*`` variables and test overrides into one dict."""
    config = dict(DEFAULTS)
    config["LMS_BASE_URL"] = served_url(
        environ.get("LMS_HOST") or DEFAULT_HOST, environ.get("LMS_PORT") or DEFAULT_PORT
    )
    for key in ENV_KEYS:
        if environ.get(key):
            config[key] = environ[key]
    if environ.get("LMS_SECRET_KEY"):
        config["SECRET_KEY"] = environ["LMS_SECRET_KEY"]
    config.update(overrides or {})

    project_root = Path(__file__).resolve().parent.parent
    config["LMS_CONTENT_DIR"] = str(
        config["LMS_CONTENT_DIR"] or project_root / "courses"
    )
    config["LMS_QUIZ_DIR"] = str(config["LMS_QUIZ_DIR"] or project_root / "quizzes")
    config["LMS_CERTIFICATE_DIR"] = str(
        config["LMS_CERTIFICATE_DIR"] or project_root / "certificates"
    )
    config["LMS_DATABASE_URL"] = validate_database_url(
        config.get("LMS_DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'lms.sqlite3'}"
    )
    base_url = validate_base_url(str(config["LMS_BASE_URL"]))
    config["LMS_BASE_URL"] = base_url
    secure = base_url.startswith("https://")
    config.setdefault("SESSION_COOKIE_SECURE", secure)
    config.setdefault("REMEMBER_COOKIE_SECURE", secure)
    apply_session_lifetimes(config)
    for key in FLAG_KEYS:
        config[key] = flag(config[key])
    validate_rate_limit_settings(config)
    validate_refresher_settings(config)
    if config.get("LMS_TIMEZONE"):
        config["BABEL_DEFAULT_TIMEZONE"] = config["LMS_TIMEZONE"]
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = read_or_create_secret_key(Path(instance_path))
    return config


def flag(value: object) -> bool:
    """An on/off setting: True, or 1, true, yes, on in any case."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUE


def course_facts_file(config: Mapping[str, Any]) -> Path | None:
    """The instance file of company facts (``LMS_COURSE_FACTS``), if one is set."""
    value = config.get("LMS_COURSE_FACTS")
    return Path(str(value)) if value else None


def validate_database_url(url: str) -> str:
    """Return the URL unchanged, or raise ConfigError naming the variable."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            f"LMS_DATABASE_URL is not a valid database URL: {exc}"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            "LMS_DATABASE_URL must start with sqlite:/// or postgresql+psycopg://"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername not in (
        "postgresql",
        "postgresql+psycopg",
    ):
        raise ConfigError(
            "LMS_DATABASE_URL must use the psycopg driver (postgresql+psycopg://)"
        )
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(
            hide_password=False
        )
    return url


def apply_session_lifetimes(config: dict[str, Any]) -> None:
    """Idle timeout and remember-me lifetime, and the Flask keys that follow: a
    form's CSRF token lasts as long as an idle session (a quiz left open)."""
    idle_hours = positive_number(config, "LMS_SESSION_IDLE_HOURS")
    remember_days = positive_number(config, "LMS_REMEMBER_DAYS")
    config["WTF_CSRF_TIME_LIMIT"] = max(1, round(idle_hours * 3600))
    config["REMEMBER_COOKIE_DURATION"] = timedelta(days=remember_days)


def positive_number(config: dict[str, Any], key: str) -> float:
    """Read ``config[key]`` as a positive number, or raise ConfigError naming it."""
    try:
        value = float(config[key])
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{key} must be a positive number, not {config[key]!r}")
    config[key] = value
    return value


# Counter stores besides the database; the limits library provides each of them.
RATELIMIT_SCHEMES = ("memory", "redis", "rediss", "redis+unix", "redis+sentinel")


def validate_rate_limit_settings(config: dict[str, Any]) -> None:
    """Check and normalise the rate-limit and proxy settings, in place."""
    url = str(config.get("LMS_RATELIMIT_STORAGE_URL") or "").strip()
    if url and urlsplit(url).scheme not in RATELIMIT_SCHEMES:
        raise ConfigError(
            "LMS_RATELIMIT_STORAGE_URL must be empty (the database), redis://... "
            "or memory:// (one process only, for tests)"
        )
    config["LMS_RATELIMIT_STORAGE_URL"] = url
    proxies = str(config.get("LMS_TRUSTED_PROXIES", 0)).strip()
    if not (proxies.isascii() and proxies.isdigit()) or int(proxies) > 10:
        raise ConfigError(
            "LMS_TRUSTED_PROXIES must be the number of proxies in front of the "
            "app, from 0 to 10"
        )
    config["LMS_TRUSTED_PROXIES"] = int(proxies)
    for key in ("LMS_EXPORT_JOB_THRESHOLD", "LMS_IMPORT_JOB_THRESHOLD"):
        rows = str(config.get(key, 0)).strip()
        if not (rows.isascii() and rows.isdigit()):
            raise ConfigError(f"{key} must be a number of rows (0: never a job)")
        config[key] = int(rows)
    for key in ("LMS_LOGIN_LIMIT", "LMS_VERIFY_LIMIT"):
        try:
            parse_limit(str(config[key]))
        except ValueError:
            raise ConfigError(
                f"{key} must read like '10 per 15 minutes', not {config[key]!r}"
            ) from None


def validate_refresher_settings(config: dict[str, Any]) -> None:
    """HR's refresher flags: a percentage up to 100, a whole number of answers."""
    key = "LMS_REFRESH_RETENTION_THRESHOLD"
    if positive_number(config, key) > 100:
        raise ConfigError(f"{key} must be a percentage from 0 to 100")
    key = "LMS_REFRESH_MIN_ANSWERS"
    answers = str(config[key]).strip()
    if not (answers.isascii() and answers.isdigit()) or int(answers) < 1:
        raise ConfigError(f"{key} must be a whole number of answers, 1 or more")
    config[key] = int(answers)


def validate_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError("LMS_BASE_URL must be an absolute http:// or https:// URL")
    return url.rstrip("/")


# Listening on these means every address of the machine; links then use loopback.
ANY_ADDRESS = ("0.0.0.0", "::", "")  # noqa: S104  (names, not a bind)


def served_url(host: str, port: str | int) -> str:
    """The address a browser on this machine opens for ``gunicorn --bind host:port``."""
    host = host.strip().strip("[]")
    if host in ANY_ADDRESS:
        host = DEFAULT_HOST
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{port}"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and 127.0.0.0/8 or ``::1``; False for names and others."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_link_warning(base_url: str, listen_host: str) -> str | None:
    """A warning when links (``LMS_BASE_URL``: set-password links, QR codes) point
    at this machine only but the server listens on another address too."""
    link_host = urlsplit(base_url).hostname or ""
    if not is_loopback(link_host) or is_loopback(listen_host):
        return None
    where = "every address" if listen_host.strip("[]") in ANY_ADDRESS else listen_host
    return (
        f"LMS_BASE_URL is {base_url}, which only this machine can open, but the "
        f"server listens on {where}: set-password links and the QR codes on "
        "certificates will not work for anyone else. Set LMS_BASE_URL to the "
        "address people use, e.g. LMS_BASE_URL=http://lms.example.com"
        f"{port_suffix(base_url)}"
    )


def port_suffix(url: str) -> str:
    port = urlsplit(url).port
    return f":{port}" if port else ""


def read_or_create_secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, creating it (mode 0600) on first start:
    written under a temporary name and linked into place, so of several workers
    starting at once, whoever loses the race reads the winner's key."""
    path = instance_path / SECRET_KEY_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, 0700
    temporary = instance_path / f".{SECRET_KEY_FILE}.{os.getpid()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text(encoding="ascii").strip()
