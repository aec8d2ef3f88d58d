"""Plain-text e-mail over SMTP with explicit settings (no Flask, no models)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from lms.errors import LmsError

_TRUE = frozenset({"1", "true", "yes", "on"})


class MailError(LmsError):
    """The mail server could not be reached or refused us as a whole."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "lms@localhost"
    starttls: bool = False
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings | None:
        """Settings from LMS_SMTP_* keys, or None when LMS_SMTP_HOST is not set."""
        host = str(config.get("LMS_SMTP_HOST") or "").strip()
        if not host:
            return None
        starttls = str(config.get("LMS_SMTP_STARTTLS") or "").strip().lower() in _TRUE
        raw_port = str(config.get("LMS_SMTP_PORT") or "").strip()
        try:
            port = int(raw_port) if raw_port else (587 if starttls else 25)
        except ValueError:
            raise MailError(f"LMS_SMTP_PORT is not a number: {raw_port!r}") from None
        return cls(
            host=host,
            port=port,
            user=str(config.get("LMS_SMTP_USER") or "") or None,
            password=str(config.get("LMS_SMTP_PASSWORD") or "") or None,
            sender=str(config.get("LMS_SMTP_FROM") or "") or f"lms@{host}",
            starttls=starttls,
        )


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    language: str = "en"
    # Extra headers such as List-Unsubscribe (RFC 2369, 8058).
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MailReport:
    sent: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (address, why)


def send_mails(
    settings: SmtpSettings, mails: Sequence[Mail], now: datetime
) -> MailReport:
    """Send each mail over one SMTP connection; a refused address fails alone.

    Raises MailError when the server cannot be used at all.
    """
    if not mails:
        return MailReport((), ())
    sent: list[str] = []
    failed: list[tuple[str, str]] = []
    try:
        with smtplib.SMTP(
            settings.host, settings.port, timeout=settings.timeout
        ) as smtp:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for mail in mails:
                try:
                    smtp.send_message(_message(settings, mail, now))
                except (
                    smtplib.SMTPRecipientsRefused,
                    smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused,
                ) as error:
                    failed.append((mail.to, _reason(error)))
                    smtp.rset()
                else:
                    sent.append(mail.to)
    except (OSError, smtplib.SMTPException) as error:
        # OSError covers refused connections, timeouts and TLS failures.
        raise MailError(
            f"could not send e-mail through {settings.host}:{settings.port}:"
            f" {_reason(error)}"
        ) from None
    return MailReport(tuple(sent), tuple(failed))


def _message(settings: SmtpSettings, mail: Mail, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    for name, value in mail.headers:
        message[name] = value
    message.set_content(mail.body)
    message["Content-Language"] = mail.language  # set_content drops Content-*
    return message


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = list(error.recipients.values())
        if codes:
            code, text = codes[0]
            return f"{code} {_text(text)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return str(error) or type(error).__name__


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
