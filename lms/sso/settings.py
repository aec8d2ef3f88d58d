"""The ``LMS_OIDC_*`` settings, read and checked once (README "Single sign-on")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lms.errors import ConfigError

ROLES = ("learner", "author", "hr", "admin")


@dataclass(frozen=True)
class Claims:
    """The names of the claims that carry each fact about a person."""

    email: str = "email"
    name: str = "name"
    employee_id: str = "employee_id"
    department: str = "department"
    groups: str = "groups"
    language: str = "locale"


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    label: str
    claims: Claims
    # group -> the roles it gives; a role no group gives is never given by a claim
    role_map: Mapping[str, frozenset[str]]
    clock_skew: int
    timeout: float

    @property
    def mapped_roles(self) -> frozenset[str]:
        """Every role that the map gives (and takes away when a group is left)."""
        return frozenset().union(*self.role_map.values())


def parse_role_map(text: str) -> dict[str, frozenset[str]]:
    """``lms-hr=hr,lms-authors=author`` -> {"lms-hr": {"hr"}, ...}.

    Pairs are separated by commas, semicolons or new lines; a group may appear
    more than once to give several roles.
    """
    result: dict[str, set[str]] = {}
    for pair in text.replace(";", ",").replace("\n", ",").split(","):
        if not pair.strip():
            continue
        group, sep, role = pair.rpartition("=")
        group, role = group.strip(), role.strip().lower()
        if not sep or not group or role not in ROLES:
            raise ConfigError(
                f"LMS_OIDC_ROLE_MAP: {pair.strip()!r} is not group=role with a role "
                f"out of {', '.join(ROLES)}"
            )
        result.setdefault(group, set()).add(role)
    return {group: frozenset(roles) for group, roles in result.items()}


def read_settings(config: Mapping[str, Any]) -> OidcSettings | None:
    """The settings if single sign-on is configured, else None; ConfigError if wrong."""
    issuer = str(config.get("LMS_OIDC_ISSUER") or "").strip().rstrip("/")
    if not issuer:
        return None
    parts = urlsplit(issuer)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ConfigError("LMS_OIDC_ISSUER must be the provider's https:// URL")
    client_id = str(config.get("LMS_OIDC_CLIENT_ID") or "").strip()
    if not client_id:
        raise ConfigError("LMS_OIDC_CLIENT_ID is needed when LMS_OIDC_ISSUER is set")
    scopes = " ".join(
        str(config.get("LMS_OIDC_SCOPES") or "").replace(",", " ").split()
    )
    if "openid" not in scopes.split():
        scopes = f"openid {scopes}".strip()
    claims = Claims(
        **{
            field: str(config.get(f"LMS_OIDC_CLAIM_{field.upper()}") or default)
            for field, default in Claims().__dict__.items()
        }
    )
    try:
        skew = int(config.get("LMS_OIDC_CLOCK_SKEW", 60))
        timeout = float(config.get("LMS_OIDC_TIMEOUT", 10))
    except (TypeError, ValueError):
        raise ConfigError(
            "LMS_OIDC_CLOCK_SKEW and LMS_OIDC_TIMEOUT must be numbers of seconds"
        ) from None
    return OidcSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=str(config.get("LMS_OIDC_CLIENT_SECRET") or ""),
        scopes=scopes,
        label=str(config.get("LMS_OIDC_LABEL") or "").strip() or parts.hostname or "",
        claims=claims,
        role_map=parse_role_map(str(config.get("LMS_OIDC_ROLE_MAP") or "")),
        clock_skew=max(0, skew),
        timeout=max(1.0, timeout),
    )
