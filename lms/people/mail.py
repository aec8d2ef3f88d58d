"""The set-password mail, in the person's language, sent through lms.files.smtp."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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


def send_password_links(
    settings: SmtpSettings,
    people: Sequence[tuple[str, str, str, str]],
    valid_days: int,
    now: datetime,
) -> MailReport:
    """Mail each (e-mail, name, language, link) its link; raises MailError."""
    mails = [
        password_link_mail(
            to=email, name=name, language=language, link=link, valid_days=valid_days
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
