"""LMS_SCIM_GROUP_MAP: which directory group gives which role or department (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from lms.errors import LmsError

ROLES = ("learner", "author", "hr", "admin")


class GroupMapError(LmsError):
    """The setting cannot be read; the message names the wrong pair."""


@dataclass(frozen=True)
class GroupMeaning:
    roles: frozenset[str] = frozenset()
    department: str | None = None


def parse_group_map(text: str) -> dict[str, GroupMeaning]:
    """``LMS HR=role:hr,Sales=department:Sales`` -> {"LMS HR": roles {hr}, ...}.

    Pairs are separated by commas, semicolons or new lines; the group name is
    everything before the last "="; a group may appear more than once (several
    roles, or a role and a department). A group not in the map gives nothing,
    so nobody becomes an administrator unless the map says so.
    """
    roles: dict[str, set[str]] = {}
    departments: dict[str, str] = {}
    for pair in text.replace(";", ",").replace("\n", ",").split(","):
        if not pair.strip():
            continue
        group, sep, meaning = pair.rpartition("=")
        group = group.strip()
        kind, colon, value = meaning.strip().partition(":")
        kind, value = kind.strip().lower(), value.strip()
        ok = bool(sep and group and colon and value)
        if ok and kind == "role" and value.lower() in ROLES:
            roles.setdefault(group, set()).add(value.lower())
        elif ok and kind == "department" and departments.get(group, value) == value:
            departments[group] = value
        else:
            raise GroupMapError(
                f"LMS_SCIM_GROUP_MAP: {pair.strip()!r} is not group=role:<role> "
                f"(one of {', '.join(ROLES)}) or group=department:<name>"
            )
    return {
        group: GroupMeaning(frozenset(roles.get(group, ())), departments.get(group))
        for group in sorted(set(roles) | set(departments))
    }
