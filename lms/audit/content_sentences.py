"""Audit sentences for authors' changes to the content folder and syncs."""

from __future__ import annotations

from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.audit.sentences import _, actor


def content_save(line: AuditLine, names: Names) -> str:
    return _("%(actor)s saved the file %(path)s.", actor=actor(line), path=line.target)


def content_create(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s created the lesson file %(path)s.",
        actor=actor(line),
        path=line.target,
    )


def content_upload(line: AuditLine, names: Names) -> str:
    return _(
        "%(actor)s uploaded the image %(path)s.", actor=actor(line), path=line.target
    )


def content_sync(line: AuditLine, names: Names) -> str:
    details = line.details
    if not details.get("ok"):
        return _(
            "%(actor)s tried to sync the content; nothing was changed because of "
            "%(count)s problems.",
            actor=actor(line),
            count=details.get("problems", 0),
        )
    return _(
        "%(actor)s synced the content: %(added)s lessons added, %(changed)s "
        "changed, %(retired)s retired.",
        actor=actor(line),
        added=details.get("added", 0),
        changed=details.get("changed", 0),
        retired=details.get("retired", 0),
    )
