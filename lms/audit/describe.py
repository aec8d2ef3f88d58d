"""Which sentence builder tells which action: one per action type, one home."""

from __future__ import annotations

from lms.audit import content_sentences as content
from lms.audit import people_sentences as people
from lms.audit import scim_sentences as scim
from lms.audit import sentences as other
from lms.audit import sso_sentences as sso
from lms.audit.actions import action_label
from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.audit.sentences import Builder, _

# Actions whose stored reason is a code their sentence already says in words.
REASON_IN_SENTENCE = ("sso.",)

SENTENCES: dict[str, Builder] = {
    "assignment.create": other.assignment_create,
    "assignment.reopen": other.assignment_reopen,
    "audit.export": other.exported("audit"),
    "content.create": content.content_create,
    "content.save": content.content_save,
    "content.sync": content.content_sync,
    "content.upload": content.content_upload,
    "certificate.reissue": other.certificate_reissue,
    "certificate.revoke": other.certificate_revoke,
    "demo.seed": other.demo_seed,
    "export.attempts": other.exported("attempts"),
    "export.audit": other.exported("audit"),
    "export.certificates": other.exported("certificates"),
    "export.matrix": other.exported("matrix"),
    "export.refreshers": other.exported("refreshers"),
    "export.snapshot": other.exported("snapshot"),
    "export.transcript": other.export_transcript,
    "people.create": people.people_create,
    "people.deactivate": people.people_deactivate,
    "people.edit": people.people_edit,
    "people.end_sessions": people.people_end_sessions,
    "people.import": people.people_import,
    "people.password_link": people.people_password_link,
    "people.password_link_mailed": people.people_password_link_mailed,
    "people.password_set": people.people_password_set,
    "people.reactivate": people.people_reactivate,
    "people.roles": people.people_roles,
    "scim.create": scim.scim_create,
    "scim.deactivate": scim.scim_deactivate,
    "scim.delete": scim.scim_delete,
    "scim.edit": scim.scim_edit,
    "scim.group_create": scim.scim_group_create,
    "scim.group_delete": scim.scim_group_delete,
    "scim.group_edit": scim.scim_group_edit,
    "scim.reactivate": scim.scim_reactivate,
    "scim.roles": scim.scim_roles,
    "scim_token.create": scim.scim_token_create,
    "scim_token.revoke": scim.scim_token_revoke,
    "refresher.opt_out": people.refresher_opt_out,
    "sso.failed": sso.sso_failed,
    "sso.link": sso.sso_link,
    "sso.login": sso.sso_login,
    "sso.provision": sso.sso_provision,
    "sso.roles": sso.sso_roles,
    "token.create": other.token_create,
    "token.revoke": other.token_revoke,
}


def sentence(line: AuditLine, names: Names) -> str:
    """The entry as a sentence in the current language, with its reason if any.

    An action without a builder (none in the code: a test says so) still reads
    as its label and target, never as a traceback.
    """
    build = SENTENCES.get(line.action)
    if build is None:
        told = _(
            "%(actor)s: %(action)s (%(target)s).",
            actor=other.actor(line),
            action=action_label(line.action),
            target=line.target,
        )
    else:
        told = build(line, names)
    if line.reason and not line.action.startswith(REASON_IN_SENTENCE):
        return " ".join((told, _("Reason: %(reason)s", reason=line.reason)))
    return told
