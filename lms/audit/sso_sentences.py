"""Audit entries of single sign-on as sentences: logins, new and linked accounts.

The stored reason of these entries is a code (how the person was found, why a
login failed); the sentence says it in words, so no "Reason: known" follows.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from lms.audit.log import AuditLine
from lms.audit.names import Names
from lms.audit.sentences import ROLE_WORDS, _, as_list, words

HOW_WORDS: dict[str, LazyString] = {
    "known": _l("as before"),
    "created": _l("with a new account"),
    "linked by employee id": _l("linked by the employee ID"),
    "linked by e-mail": _l("linked by the verified e-mail address"),
}
FAILURE_WORDS: dict[str, LazyString] = {
    "bad_id_token": _l("the provider's ID token did not pass the checks"),
    "cannot_create": _l("the account could not be created"),
    "email_taken": _l("the e-mail address belongs to another account"),
    "inactive": _l("the account is deactivated"),
    "issuer_mismatch": _l("the provider answered under another name"),
    "linked_elsewhere": _l("the account is linked to another company login"),
    "no_email": _l("the provider sent no e-mail address"),
    "no_id_token": _l("the provider sent no ID token"),
    "no_pending_login": _l("no login had been started in this browser"),
    "provider_error": _l("the provider refused the login"),
    "provider_unreachable": _l("the provider could not be reached"),
    "token_refused": _l("the provider refused the code"),
    "wrong_state": _l("the answer did not belong to this browser's login"),
}


def _said(code: str, table: dict[str, LazyString]) -> str:
    return str(table[code]) if code in table else code


def sso_login(line: AuditLine, names: Names) -> str:
    return _(
        "%(person)s logged in with the company login (%(how)s).",
        person=line.actor_name or line.target,
        how=_said(line.reason, HOW_WORDS),
    )


def sso_provision(line: AuditLine, names: Names) -> str:
    return _(
        "The company login created an account for %(person)s at their first login.",
        person=line.target,
    )


def sso_link(line: AuditLine, names: Names) -> str:
    return _(
        "The company login was linked to the account of %(person)s (%(how)s).",
        person=line.target,
        how=_said(line.reason, HOW_WORDS),
    )


def sso_roles(line: AuditLine, names: Names) -> str:
    return _(
        "The company login's groups changed the roles of %(person)s from %(old)s"
        " to %(new)s.",
        person=line.target,
        old=words(as_list(line.details.get("before")), ROLE_WORDS) or "–",
        new=words(as_list(line.details.get("after")), ROLE_WORDS) or "–",
    )


def sso_failed(line: AuditLine, names: Names) -> str:
    return _(
        "A login with the company login (%(issuer)s) failed: %(why)s.",
        issuer=line.target,
        why=_said(line.reason, FAILURE_WORDS),
    )
