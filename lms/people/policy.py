"""Who may manage whom and grant what: the pure rule book of people administration.

Administrators manage everyone and grant every role. HR manages learners only:
an account that holds any other role (author, hr, admin) is out of HR's reach,
and HR grants no role but learner, to nobody, itself included. ``None`` as the
actor's roles means the server's command line, which may do everything.

The people pages, the people import and the templates all ask these functions,
so that what a page offers and what a POST may do never differ.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

# Mirrors lms.models.person.ROLE_VALUES (tests keep them equal); importing the
# models would pull SQLAlchemy into a pure rule book.
ALL_ROLES = frozenset({"learner", "author", "hr", "admin"})
LEARNER_ONLY = frozenset({"learner"})
ADMIN = "admin"
HR = "hr"
# Roles nobody takes from themselves: it would lock them out of these pages.
SELF_KEPT_ROLES = frozenset({ADMIN, HR})


def grantable_roles(actor_roles: Collection[str] | None) -> frozenset[str]:
    """The roles the actor may give or take away (and so see as checkboxes)."""
    if actor_roles is None or ADMIN in actor_roles:
        return ALL_ROLES
    if HR in actor_roles:
        return LEARNER_ONLY
    return frozenset()


def can_manage(
    actor_roles: Collection[str] | None, target_roles: Iterable[str]
) -> bool:
    """Whether the actor may edit, (de)activate or send a link to the target.

    Only someone who could have granted every role the target holds: HR
    therefore reaches learners only, administrators reach everyone.
    """
    if actor_roles is not None and not (set(actor_roles) & {ADMIN, HR}):
        return False
    return frozenset(target_roles) <= grantable_roles(actor_roles)


def forbidden_role_change(
    actor_roles: Collection[str] | None,
    old_roles: Iterable[str],
    new_roles: Iterable[str],
) -> frozenset[str]:
    """The roles in this change (added or removed) the actor may not grant.

    Empty when the change is allowed. For a new person, ``old_roles`` is empty.
    """
    changed = frozenset(old_roles) ^ frozenset(new_roles)
    return changed - grantable_roles(actor_roles)


def self_lockout_roles(
    old_roles: Iterable[str], new_roles: Iterable[str]
) -> frozenset[str]:
    """The administration roles a person would take from themselves."""
    return (frozenset(old_roles) - frozenset(new_roles)) & SELF_KEPT_ROLES
