"""Audit entries about people as sentences: accounts, roles, links, imports."""

from __future__ import annotations

from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.audit.sentences import (
    FIELD_WORDS,
    ROLE_WORDS,
    _,
    actor,
    as_list,
    count,
    ngettext,
    person,
    words,
)


def people_create(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s created an account for %(person)s with the roles %(roles)s.",
        actor=actor(line),
        person=person(line, names),
        roles=words(as_list(line.details.get("roles")), ROLE_WORDS) or "–",
    )


def people_edit(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s changed %(fields)s of %(person)s.",
        actor=actor(line),
        fields=words(as_list(line.details.get("fields")), FIELD_WORDS),
        person=person(line, names),
    )


def people_roles(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s changed the roles of %(person)s from %(old)s to %(new)s.",
        actor=actor(line),
        person=person(line, names),
        old=words(as_list(line.details.get("old")), ROLE_WORDS) or "–",
        new=words(as_list(line.details.get("new")), ROLE_WORDS) or "–",
    )


def people_deactivate(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s deactivated the account of %(person)s.",
        actor=actor(line),
        person=person(line, names),
    )


def people_reactivate(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s reactivated the account of %(person)s.",
        actor=actor(line),
        person=person(line, names),
    )


def people_end_sessions(line: AuditLine, names: Names) -> str:
    return ngettext(
        "%(actor)s logged %(person)s out on every device (%(num)d session ended).",
        "%(actor)s logged %(person)s out on every device (%(num)d sessions ended).",
        count(line, "ended"),
        actor=actor(line),
        person=person(line, names),
    )


def people_import(line: AuditLine, names: Names) -> str:
    main = _(
        "%(actor)s imported people from %(source)s: %(created)d new, %(updated)d"
        " updated, %(unchanged)d unchanged, %(skipped)d rows skipped.",
        actor=actor(line),
        source=line.target,
        created=count(line, "created"),
        updated=count(line, "updated"),
        unchanged=count(line, "unchanged"),
        skipped=count(line, "skipped"),
    )
    departments = [
        str(name) for name in as_list(line.details.get("departments_created"))
    ]
    if not departments:
        return main
    return " ".join(
        (main, _("New departments: %(names)s.", names=", ".join(departments)))
    )


def people_password_link(line: AuditLine, names: Names) -> str:
    if line.details.get("invitation"):
        return _(
            "%(actor)s downloaded the set-password link for %(person)s in a list"
            " of invitations (CSV).",
            actor=actor(line),
            person=person(line, names),
        )
    return _(
        "%(actor)s issued a set-password link for %(person)s and was shown it.",
        actor=actor(line),
        person=person(line, names),
    )


def people_password_link_mailed(line: AuditLine, names: Names) -> str:
    if line.details.get("invitation"):
        return _(
            "%(actor)s sent %(person)s an invitation with a set-password link.",
            actor=actor(line),
            person=person(line, names),
        )
    return _(
        "%(actor)s e-mailed a set-password link to %(person)s.",
        actor=actor(line),
        person=person(line, names),
    )


def people_password_set(line: AuditLine, names: Names) -> str:
    return _(
        "%(person)s set a password through a link.",
        person=person(line, names),
    )


def refresher_opt_out(line: AuditLine, names: Names) -> str:
    return _(
        "%(person)s stopped refresher e-mails through the link in one.",
        person=person(line, names),
    )
