"""Where a person lands after logging in: one page per role, the strongest role wins."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import url_for

# Strongest role first; a person with several roles lands on the first one held.
# Endpoint names only, so auth imports none of the features it points at.
LANDING_BY_ROLE: tuple[tuple[str, str], ...] = (
    ("admin", "admin.overview"),
    ("hr", "hr.dashboard"),
    ("author", "authoring.index"),
)
LEARNER_HOME = "home.index"


def landing_endpoint(roles: Iterable[str]) -> str:
    """The endpoint a person with ``roles`` starts on; learners get their courses."""
    held = set(roles)
    for role, endpoint in LANDING_BY_ROLE:
        if role in held:
            return endpoint
    return LEARNER_HOME


def safe_next(target: str | None, default: str = "home.index") -> str:
    """Only follow redirects to paths on this site."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for(default)
