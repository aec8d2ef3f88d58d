"""Set-password links from the people pages: shown once, or e-mailed; audited.

A link lets whoever holds it choose the person's password and so log in as
them. For an account that never had a password, the link is how it is handed
over, so the page shows it once. For an account that has a password, nobody but
its owner may see a link: it goes to the person's e-mail address. Only where no
mail server is set up does an administrator see it instead (and the audit log
says so); HR is then refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
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
from lms.people.mail import Sender, invitation_mail, password_reset_mail
from lms.people.policy import ADMIN

LINK_SHOWN = "people.password_link"
LINK_MAILED = "people.password_link_mailed"


class Delivery(StrEnum):
    SHOWN = "shown"
    MAILED = "mailed"


def link_delivery(
    actor_roles: frozenset[str] | None, has_password: bool, mail_configured: bool
) -> Delivery | None:
    """How a new link reaches its person; None: it may not be issued at all.

    With a mail server every link is e-mailed (an invitation for a new account);
    without one, a new account's link is handed over by whoever issues it.
    """
    if mail_configured:
        return Delivery.MAILED
    if not has_password:
        return Delivery.SHOWN
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
    sender: Sender | None = None,
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
    invitation = person.password_hash is None
    if invitation:
        person.invited_at = now
        details["invitation"] = True
    if delivery is Delivery.MAILED and smtp is not None:
        link = set_password_link(base_url, token)
        mail = (
            invitation_mail(
                to=person.email,
                name=person.name,
                language=person.language,
                link=link,
                valid_days=TOKEN_LIFETIME.days,
                sender=sender or Sender(base_url),
            )
            if invitation
            else password_reset_mail(
                to=person.email,
                name=person.name,
                language=person.language,
                link=link,
                valid_days=TOKEN_LIFETIME.days,
            )
        )
        report = send_mails(smtp, [mail], now)
        if report.failed:
            raise MailError(report.failed[0][1])
        audit(session, actor, LINK_MAILED, person.email, details=details, now=now)
        return IssuedLink(delivery, None)
    if not invitation:
        details["has_password"] = True  # an administrator saw a working link
    audit(session, actor, LINK_SHOWN, person.email, details=details, now=now)
    return IssuedLink(delivery, token)


def invitation_links(
    session: Session,
    actor: Person | None,
    people: Sequence[Person],
    now: datetime,
    *,
    base_url: str,
) -> list[tuple[Person, str]]:
    """New set-password links for people who never had a password, to hand over.

    For the CSV download when no mail server is set up. Each link replaces the
    person's older one; each is audited as shown. Raises NotAllowed when the
    actor may not manage one of them; people with a password or deactivated
    are left out (their links must not be handed around).
    """
    issued: list[tuple[Person, str]] = []
    for person in people:
        check_manageable(actor, person)
        if person.password_hash is not None or not person.active:
            continue
        token = issue_password_token(session, person, now)
        person.invited_at = now
        audit(
            session,
            actor,
            LINK_SHOWN,
            person.email,
            details={"person_id": person.id, "invitation": True, "file": "csv"},
            now=now,
        )
        issued.append((person, set_password_link(base_url, token)))
    return issued


def links_csv(links: Sequence[tuple[Person, str]]) -> bytes:
    """The links as a CSV file (UTF-8 with BOM): name, e-mail, language, link."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            str(_l("Name")),
            str(_l("E-mail address")),
            str(_l("Language")),
            str(_l("Set-password link")),
        ]
    )
    for person, link in links:
        writer.writerow([_cell(person.name), person.email, person.language, link])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    """Text that a spreadsheet must not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
