"""Where a person lands after logging in: one page per role, the strongest role wins."""

from __future__ import annotations

from collections.abc import Iterable

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
