"""Audit entries of SCIM provisioning as sentences: the directory changed people.

The actor is no person but a SCIM token; its name is in the details.
"""

from __future__ import annotations

from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.audit.sentences import ROLE_WORDS, _, actor, as_list, count, words


def _directory(line: AuditLine) -> str:
    return str(line.details.get("token") or "?")


def scim_create(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') created the account of %(person)s.",
        token=_directory(line),
        person=line.target,
    )


def scim_edit(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') changed %(fields)s of %(person)s.",
        token=_directory(line),
        fields=", ".join(str(f) for f in as_list(line.details.get("fields"))),
        person=line.target,
    )


def scim_deactivate(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') deactivated %(person)s and ended"
        " their sessions.",
        token=_directory(line),
        person=line.target,
    )


def scim_reactivate(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') reactivated %(person)s.",
        token=_directory(line),
        person=line.target,
    )


def scim_delete(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') removed %(person)s; the account"
        " stays deactivated with its history.",
        token=_directory(line),
        person=line.target,
    )


def scim_roles(line: AuditLine, names: Names) -> str:
    return _(
        "The directory's groups (SCIM token '%(token)s') changed the roles of"
        " %(person)s from %(old)s to %(new)s.",
        token=_directory(line),
        person=line.target,
        old=words(as_list(line.details.get("before")), ROLE_WORDS) or "–",
        new=words(as_list(line.details.get("after")), ROLE_WORDS) or "–",
    )


def scim_group_create(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') created the group %(group)s with"
        " %(count)d members.",
        token=_directory(line),
        group=line.target,
        count=count(line, "added"),
    )


def scim_group_edit(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') changed the group %(group)s:"
        " %(added)d members added, %(removed)d removed.",
        token=_directory(line),
        group=line.target,
        added=count(line, "added"),
        removed=count(line, "removed"),
    )


def scim_group_delete(line: AuditLine, names: Names) -> str:
    return _(
        "The directory (SCIM token '%(token)s') deleted the group %(group)s.",
        token=_directory(line),
        group=line.target,
    )


def scim_token_create(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s created the SCIM token '%(name)s'.",
        actor=actor(line),
        name=line.target,
    )


def scim_token_revoke(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s revoked the SCIM token '%(name)s'.",
        actor=actor(line),
        name=line.target,
    )
