"""E-mails that a refresher is due: one per person and run, at most one a week,
in the person's language, with a one-click opt-out; sent by a periodic task."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.certify.queries import current_certificates
from lms.content.titles import course_titles
from lms.files.smtp import Mail, MailError, SmtpSettings, send_mails
from lms.models import Course, Person, RefresherOptOut, RefresherSession
from lms.refresh import services
from lms.refresh.optout import opt_out_token

#: A person gets at most one refresher e-mail in this many days.
MAIL_EVERY_DAYS = 7


@dataclass(frozen=True)
class MailRun:
    """One run: who was mailed, and the addresses that failed (tried again later)."""

    mailed: tuple[str, ...]
    failed: tuple[str, ...]


def _candidates(session: Session) -> list[tuple[Person, Course]]:
    """Active people with a current, unrevoked certificate of a refresher course."""
    current = current_certificates(None, include_revoked=False)
    rows = session.execute(
        select(Person, Course)
        .join(current, current.c.person_id == Person.id)
        .join(Course, Course.id == current.c.course_id)
        .where(
            Person.active.is_(True),
            Course.refresher_json != "",
            Course.retired_at.is_(None),
            Course.published.is_(True),
            ~select(RefresherOptOut.person_id)
            .where(RefresherOptOut.person_id == Person.id)
            .exists(),
        )
        .order_by(Person.id, Course.id)
    )
    return [(person, course) for person, course in rows]


def _mailed_recently(session: Session, person_id: int, now: datetime) -> bool:
    last = session.scalar(
        select(func.max(RefresherSession.mailed_at)).where(
            RefresherSession.person_id == person_id
        )
    )
    return last is not None and last > now - timedelta(days=MAIL_EVERY_DAYS)


def refresher_url(base_url: str, row: RefresherSession) -> str:
    """The refresher's own page (login first, then back to it)."""
    return f"{base_url}/refreshers/{row.public_id}"


def _mail(person: Person, links: list[tuple[str, str]], opt_out_url: str) -> Mail:
    """``links``: (course title, refresher url) per refresher due."""
    with force_locale(person.language):
        lines = [str(_l("Hello %(name)s,", name=person.name)), ""]
        lines.append(str(_l("A 5-minute refresher is waiting for you:")))
        for title, url in links:
            lines.extend(["", f"- {title}", f"  {url}"])
        lines.append("")
        lines.append(str(_l("No more refresher e-mails: %(url)s", url=opt_out_url)))
        subject = str(_l("Your 5-minute refresher"))
    return Mail(
        to=person.email,
        subject=subject,
        body="\n".join(lines) + "\n",
        language=person.language,
        headers=(
            ("List-Unsubscribe", f"<{opt_out_url}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ),
    )


def send_refresher_mails(
    session: Session,
    today: date,
    now: datetime,
    settings: SmtpSettings | None,
    *,
    base_url: str,
    secret: str,
) -> MailRun:
    """Open the refreshers due today and e-mail each person once (caller commits).
    Without SMTP settings nothing is mailed and nothing marked."""
    if settings is None:
        return MailRun((), ())
    base_url = base_url.rstrip("/")
    due: dict[int, list[RefresherSession]] = defaultdict(list)
    people: dict[int, Person] = {}
    for person, course in _candidates(session):
        if _mailed_recently(session, person.id, now):
            continue
        due_now = services.due_refresher(session, person, course, today)
        if due_now is None or (due_now.session and due_now.session.mailed_at):
            continue  # nothing due, or this refresher was mailed already
        row = services.start_refresher(session, person, course, today, now)
        people[person.id] = person
        due[person.id].append(row)
    mails: list[tuple[Person, Mail]] = []
    for person_id, rows in due.items():
        person = people[person_id]
        names = course_titles(session, person.language, [r.course_id for r in rows])
        token = opt_out_token(secret, person.id)
        url = f"{base_url}/refreshers/opt-out/{token}"
        links = [(names.get(r.course_id, ""), refresher_url(base_url, r)) for r in rows]
        mails.append((person, _mail(person, links, url)))
    try:
        report = send_mails(settings, [mail for _person, mail in mails], now)
    except MailError:
        return MailRun((), tuple(mail.to for _person, mail in mails))
    sent = set(report.sent)
    for person, _mail_sent in mails:
        if person.email in sent:
            for row in due[person.id]:
                row.mailed_at = now
    session.flush()
    return MailRun(tuple(sorted(sent)), tuple(sorted(a for a, _ in report.failed)))
