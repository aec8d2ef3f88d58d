"""Readable, translated names for the actions in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# The stored action names stay English identifiers (filters and exports use
# them); the page shows these labels. An action missing here shows as stored.
ACTION_LABELS: dict[str, LazyString] = {
    "assignment.create": _l("Course assigned"),
    "assignment.reopen": _l("Assignments reopened for renewal"),
    "audit.export": _l("Audit log exported"),
    "content.create": _l("Lesson file created"),
    "content.save": _l("Content file saved"),
    "content.sync": _l("Content synced"),
    "content.upload": _l("Image uploaded"),
    "certificate.reissue": _l("Certificate re-issued"),
    "certificate.revoke": _l("Certificate revoked"),
    "demo.seed": _l("Demo data created"),
    "export.attempts": _l("Attempts exported"),
    "export.audit": _l("Audit log exported"),
    "export.certificates": _l("Certificates exported"),
    "export.matrix": _l("Training matrix exported"),
    "export.refreshers": _l("Refresher figures exported"),
    "export.snapshot": _l("Snapshot exported"),
    "export.transcript": _l("Transcript exported"),
    "people.create": _l("Account created"),
    "people.deactivate": _l("Account deactivated"),
    "people.edit": _l("Account details changed"),
    "people.end_sessions": _l("Logged out on every device"),
    "people.import": _l("People imported"),
    "people.password_link": _l("Set-password link issued and shown"),
    "people.password_link_mailed": _l("Set-password link e-mailed"),
    "people.password_set": _l("Password set through a link"),
    "people.reactivate": _l("Account reactivated"),
    "refresher.opt_out": _l("Refresher e-mails stopped"),
    "people.roles": _l("Roles changed"),
    "scim.create": _l("Account created by the directory"),
    "scim.deactivate": _l("Account deactivated by the directory"),
    "scim.delete": _l("Account removed by the directory"),
    "scim.edit": _l("Account changed by the directory"),
    "scim.group_create": _l("Directory group created"),
    "scim.group_delete": _l("Directory group deleted"),
    "scim.group_edit": _l("Directory group changed"),
    "scim.reactivate": _l("Account reactivated by the directory"),
    "scim.roles": _l("Roles changed by the directory's groups"),
    "scim_token.create": _l("SCIM token created"),
    "scim_token.revoke": _l("SCIM token revoked"),
    "sso.failed": _l("Single sign-on failed"),
    "sso.link": _l("Account linked to the company login"),
    "sso.login": _l("Logged in with the company login"),
    "sso.provision": _l("Account created at the first company login"),
    "sso.roles": _l("Roles changed by the company login's groups"),
    "token.create": _l("API token created"),
    "token.revoke": _l("API token revoked"),
}


def action_label(action: str) -> str:
    """The translated name of an action, else the stored name itself."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
