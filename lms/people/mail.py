"""The set-password mail, in the person's language, sent through lms.files.smtp."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from lms.files.smtp import Mail, MailReport, SmtpSettings, send_mails


def password_link_mail(
    *, to: str, name: str, language: str, link: str, valid_days: int
) -> Mail:
    """The welcome mail with a set-password link, in the person's language.

    Needs an app context (for the translations).
    """
    with force_locale(language):
        subject = _("Set your password for the learning platform")
        body = _(
            "Hello %(name)s,\n\n"
            "an account on the company learning platform has been created for you."
            " Choose your password with this link. It works once and for"
            " %(days)d days:\n\n%(link)s\n\n"
            "If you did not expect this e-mail, you can ignore it.\n",
            name=name,
            days=valid_days,
            link=link,
        )
    return Mail(to=to, subject=str(subject), body=str(body), language=language)


@dataclass(frozen=True)
class Sender:
    """Who invites: the site's address and the HR contact named in the mail."""

    base_url: str
    hr_contact: str = ""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Sender:
        return cls(
            base_url=str(config.get("LMS_BASE_URL") or ""),
            hr_contact=str(config.get("LMS_HR_CONTACT") or "").strip(),
        )


def invitation_mail(
    *, to: str, name: str, language: str, link: str, valid_days: int, sender: Sender
) -> Mail:
    """The invitation to a new account: site, set-password link, HR contact.

    Needs an app context (for the translations).
    """
    with force_locale(language):
        site = _("Learning")
        subject = _(
            "Your invitation to %(site)s, the company learning platform", site=site
        )
        contact = (
            _(
                "Questions? Write to your HR team: %(contact)s",
                contact=sender.hr_contact,
            )
            if sender.hr_contact
            else _("Questions? Ask your HR team.")
        )
        body = _(
            "Hello %(name)s,\n\n"
            "you are invited to %(site)s, the company learning platform at"
            " %(address)s. Choose your password with this link. It works once and"
            " for %(days)d days:\n\n%(link)s\n\n"
            "Your login is your e-mail address: %(email)s\n\n%(contact)s\n",
            name=name,
            site=site,
            address=sender.base_url,
            days=valid_days,
            link=link,
            email=to,
            contact=contact,
        )
    return Mail(to=to, subject=str(subject), body=str(body), language=language)


def send_password_links(
    settings: SmtpSettings,
    people: Sequence[tuple[str, str, str, str]],
    valid_days: int,
    now: datetime,
    sender: Sender | None = None,
) -> MailReport:
    """Mail each (e-mail, name, language, link) its invitation; raises MailError."""
    mails = [
        invitation_mail(
            to=email,
            name=name,
            language=language,
            link=link,
            valid_days=valid_days,
            sender=sender or Sender(""),
        )
        for email, name, language, link in people
    ]
    return send_mails(settings, mails, now)


def password_reset_mail(
    *, to: str, name: str, language: str, link: str, valid_days: int
) -> Mail:
    """A new set-password link for an account that has a password already.

    Needs an app context (for the translations).
    """
    with force_locale(language):
        subject = _("A link to set a new password for the learning platform")
        body = _(
            "Hello %(name)s,\n\n"
            "a new password was requested for your account on the company learning"
            " platform. Choose it with this link. It works once and for %(days)d"
            " days; your current password keeps working until you use it:\n\n"
            "%(link)s\n\n"
            "If you did not ask for a new password, tell your HR team.\n",
            name=name,
            days=valid_days,
            link=link,
        )
    return Mail(to=to, subject=str(subject), body=str(body), language=language)
