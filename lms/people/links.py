"""Set-password links from the people pages: shown once, or e-mailed; audited.

A link lets whoever holds it choose the person's password and so log in as
them. For an account that never had a password, the link is how it is handed
over, so the page shows it once. For an account that has a password, nobody but
its owner may see a link: it goes to the person's e-mail address. Only where no
mail server is set up does an administrator see it instead (and the audit log
says so); HR is then refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.auth.services import TOKEN_LIFETIME, issue_password_token
from lms.errors import Conflict
from lms.files.smtp import MailError, SmtpSettings, send_mails
from lms.models import Person
from lms.people.accounts import check_manageable, roles_of
from lms.people.importing import set_password_link
from lms.people.mail import password_reset_mail
from lms.people.policy import ADMIN

LINK_SHOWN = "people.password_link"
LINK_MAILED = "people.password_link_mailed"


class Delivery(StrEnum):
    SHOWN = "shown"
    MAILED = "mailed"


def link_delivery(
    actor_roles: frozenset[str] | None, has_password: bool, mail_configured: bool
) -> Delivery | None:
    """How a new link reaches its person; None: it may not be issued at all."""
    if not has_password:
        return Delivery.SHOWN
    if mail_configured:
        return Delivery.MAILED
    if actor_roles is None or ADMIN in actor_roles:
        return Delivery.SHOWN
    return None


@dataclass(frozen=True)
class IssuedLink:
    delivery: Delivery
    token: str | None  # only when the link is to be shown


def issue_link(
    session: Session,
    actor: Person | None,
    person: Person,
    now: datetime,
    *,
    smtp: SmtpSettings | None,
    base_url: str,
) -> IssuedLink:
    """Issue a new link (older ones of the person die) and show or mail it.

    Raises NotAllowed, Conflict (no way to deliver it), or MailError; after an
    error the caller rolls back, so that the older link stays alive.
    """
    check_manageable(actor, person)
    if not person.active:
        raise Conflict(_l("A deactivated account cannot set a password."))
    delivery = link_delivery(
        roles_of(actor), person.password_hash is not None, smtp is not None
    )
    if delivery is None:
        raise Conflict(
            _l(
                "This person has a password already, so a new link can only be"
                " e-mailed to them, and e-mail is not set up. Ask an administrator."
            )
        )
    token = issue_password_token(session, person, now)
    details: dict[str, object] = {"person_id": person.id}
    if delivery is Delivery.MAILED and smtp is not None:
        mail = password_reset_mail(
            to=person.email,
            name=person.name,
            language=person.language,
            link=set_password_link(base_url, token),
            valid_days=TOKEN_LIFETIME.days,
        )
        report = send_mails(smtp, [mail], now)
        if report.failed:
            raise MailError(report.failed[0][1])
        audit(session, actor, LINK_MAILED, person.email, details=details, now=now)
        return IssuedLink(delivery, None)
    if person.password_hash is not None:
        details["has_password"] = True  # an administrator saw a working link
    audit(session, actor, LINK_SHOWN, person.email, details=details, now=now)
    return IssuedLink(delivery, token)
