"""Who needs a reminder today (due soon, overdue, expiring), recorded once a day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from lms.content.titles import course_titles
from lms.content.urls import course_url
from lms.files.smtp import Mail, MailError, SmtpSettings, send_mails
from lms.hr.matrix import assignment_states
from lms.hr.rules import Status
from lms.models import Person, ReminderSent

DUE_SOON_DAYS = 7


class Kind(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    EXPIRING = "expiring"


KIND_LABELS = {
    Kind.DUE_SOON: _l("due soon"),
    Kind.OVERDUE: _l("overdue"),
    Kind.EXPIRING: _l("certificate expiring"),
}


@dataclass(frozen=True)
class Reminder:
    person_id: int
    email: str
    name: str
    course_id: int
    course_slug: str
    course_title: str
    kind: Kind
    day: date  # the due date, or the certificate's valid_until day (included)


def due_reminders(
    session: Session, today: date, due_soon_days: int = DUE_SOON_DAYS
) -> list[Reminder]:
    """Every reminder that applies today, by e-mail and course title."""
    reminders = []
    for state in assignment_states(session, today=today):
        effective = state.effective
        kind: Kind | None = None
        day = effective.due_on
        if effective.status is Status.EXPIRING and effective.counted is not None:
            kind, day = Kind.EXPIRING, effective.counted.valid_until
        elif effective.status is Status.OVERDUE:
            kind = Kind.OVERDUE
        elif (
            effective.status in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.EXPIRED)
            and day is not None
            and 0 <= (day - today).days <= due_soon_days
        ):
            kind = Kind.DUE_SOON
        if kind is None or day is None:
            continue
        reminders.append(
            Reminder(
                state.row.person_id,
                state.row.email,
                state.row.person_name,
                state.row.course_id,
                state.course_slug,
                state.row.course_title,
                kind,
                day,
            )
        )
    reminders.sort(key=lambda r: (r.email, r.course_title.casefold(), r.kind))
    return reminders


def record_new(
    session: Session, reminders: Sequence[Reminder], today: date
) -> list[Reminder]:
    """Record today's reminders not recorded yet and return them.

    The rows are the claim: the unique constraint (person, course, kind, day)
    stops a second run, even a concurrent one, from sending them again.
    """
    sent = {
        (person_id, course_id, kind)
        for person_id, course_id, kind in session.execute(
            select(
                ReminderSent.person_id, ReminderSent.course_id, ReminderSent.kind
            ).where(ReminderSent.sent_on == today)
        )
    }
    new = [r for r in reminders if (r.person_id, r.course_id, r.kind.value) not in sent]
    session.add_all(
        ReminderSent(
            person_id=r.person_id,
            course_id=r.course_id,
            kind=r.kind.value,
            sent_on=today,
        )
        for r in new
    )
    session.flush()
    return new


def forget(session: Session, reminders: Sequence[Reminder], today: date) -> None:
    """Drop the records of reminders that could not be sent, so a rerun retries."""
    keys = [(r.person_id, r.course_id, r.kind.value) for r in reminders]
    for start in range(0, len(keys), 500):
        session.execute(
            delete(ReminderSent).where(
                ReminderSent.sent_on == today,
                tuple_(
                    ReminderSent.person_id, ReminderSent.course_id, ReminderSent.kind
                ).in_(keys[start : start + 500]),
            )
        )
    session.flush()


@dataclass(frozen=True)
class MailFailure:
    email: str
    reminders: tuple[Reminder, ...]
    error: str


def reminder_mails(
    reminders: Sequence[Reminder],
    *,
    base_url: str,
    languages: Mapping[int, str],
    titles: Mapping[tuple[int, str], str],
) -> list[tuple[tuple[Reminder, ...], Mail]]:
    """One mail per person listing their reminders, in the person's language.

    Needs an app context (for the translations and date formats).
    """
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        by_person[reminder.person_id].append(reminder)
    mails = []
    for person_id, items in by_person.items():
        language = languages.get(person_id, "en")
        mails.append(
            (tuple(items), _mail(items, language, titles, base_url.rstrip("/")))
        )
    return mails


def send_reminder_mails(
    settings: SmtpSettings,
    reminders: Sequence[Reminder],
    *,
    base_url: str,
    now: datetime,
    languages: Mapping[int, str] | None = None,
    titles: Mapping[tuple[int, str], str] | None = None,
) -> list[MailFailure]:
    """E-mail the reminders over one connection; returns what could not be sent."""
    batches = reminder_mails(
        reminders, base_url=base_url, languages=languages or {}, titles=titles or {}
    )
    try:
        report = send_mails(settings, [mail for _items, mail in batches], now)
    except MailError as exc:
        return [MailFailure(mail.to, items, str(exc)) for items, mail in batches]
    failed = dict(report.failed)
    return [
        MailFailure(mail.to, items, failed[mail.to])
        for items, mail in batches
        if mail.to in failed
    ]


def _mail(
    items: Sequence[Reminder],
    language: str,
    titles: Mapping[tuple[int, str], str],
    base_url: str,
) -> Mail:
    with force_locale(language):
        lines = [str(_l("Hello %(name)s,", name=items[0].name)), ""]
        lines.extend([str(_l("Please look at these courses:")), ""])
        for item in items:
            title = titles.get((item.course_id, language), item.course_title)
            day = format_date(item.day, format="long")
            if item.kind is Kind.EXPIRING:
                what = _l("your certificate is valid until %(day)s", day=day)
            elif item.kind is Kind.OVERDUE:
                what = _l("was due on %(day)s", day=day)
            else:
                what = _l("is due on %(day)s", day=day)
            lines.append(f"- {title}: {what}")
            lines.append(f"  {base_url}{course_url(item.course_slug)}")
        lines.extend(["", str(_l("This is an automatic message."))])
        subject = str(_l("Training reminder"))
    return Mail(
        to=items[0].email,
        subject=subject,
        body="\n".join(lines) + "\n",
        language=language,
    )


def mail_context(
    session: Session, reminders: Sequence[Reminder]
) -> tuple[dict[int, str], dict[tuple[int, str], str]]:
    """The people's languages and the course titles per language, in two queries."""
    person_ids = sorted({r.person_id for r in reminders})
    course_ids = sorted({r.course_id for r in reminders})
    languages: dict[int, str] = {}
    for start in range(0, len(person_ids), 5000):
        chunk = person_ids[start : start + 5000]
        languages.update(
            (person_id, language)
            for person_id, language in session.execute(
                select(Person.id, Person.language).where(Person.id.in_(chunk))
            )
        )
    titles = {
        (course_id, language): title
        for language in set(languages.values())
        for course_id, title in course_titles(session, language, course_ids).items()
    }
    return languages, titles


@dataclass(frozen=True)
class ReminderRun:
    """One day's run: the reminders recorded new, and the mails that failed."""

    new: list[Reminder]
    mailed: bool  # False: SMTP is not set up, the reminders are recorded only
    failures: list[MailFailure]


def send_due(
    session: Session,
    day: date,
    settings: SmtpSettings | None,
    *,
    base_url: str,
    now: datetime,
) -> ReminderRun:
    """Record today's new reminders and e-mail them; a failed mail is forgotten,
    so the next run tries it again. Used by `lms reminders send` and the worker.
    """
    new = record_new(session, due_reminders(session, day), day)
    if not new or settings is None:
        return ReminderRun(new, False, [])
    languages, titles = mail_context(session, new)
    failures = send_reminder_mails(
        settings, new, base_url=base_url, now=now, languages=languages, titles=titles
    )
    forget(session, [item for failure in failures for item in failure.reminders], day)
    return ReminderRun(new, True, failures)
