"""What workers do on a schedule, so nothing waits for a page view or a command.

The schedules are settings (``LMS_SCHEDULE_*``, five cron fields in UTC; README.md,
"Configuration"); the app factory hands this list to the queue (lms/jobs/queue.py).
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy.orm import Session

from lms.certify.localtime import local_day
from lms.events import attempt_ended
from lms.files.smtp import SmtpSettings
from lms.hr.assignments import reopen_expired
from lms.hr.reminders import send_due
from lms.jobs.queue import Periodic
from lms.models import Person
from lms.quiz.settle import settle_overdue
from lms.refresh.mails import send_refresher_mails


def _today(now: datetime) -> date:
    """The organisation's day at ``now`` (LMS_TIMEZONE), as the pages count it."""
    return local_day(now, current_app.config["BABEL_DEFAULT_TIMEZONE"])


def send_reminders(session: Session, now: datetime) -> str:
    """`lms reminders send`: re-open what expired, then e-mail who is due."""
    day = _today(now)
    reopened = reopen_expired(session, day)
    run = send_due(
        session,
        day,
        SmtpSettings.from_config(current_app.config),
        base_url=current_app.config["LMS_BASE_URL"],
        now=now,
    )
    return (
        f"re-opened {reopened}, {len(run.new)} new reminder(s), "
        f"{len(run.failures)} mail(s) failed"
    )


def settle_attempts(session: Session, now: datetime) -> str:
    """End attempts whose time ran out and issue the certificates they earned."""
    ended = settle_overdue(session, now)
    issued = 0
    for attempt in ended:
        person = session.get(Person, attempt.person_id)
        if person is None:
            continue
        results = attempt_ended.send(
            current_app._get_current_object(),  # type: ignore[attr-defined]  # a proxy
            session=session,
            person=person,
            course_id=attempt.course_id,
            now=now,
        )
        issued += sum(1 for _receiver, value in results if value is not None)
    return f"settled {len(ended)} attempt(s), issued {issued} certificate(s)"


def reopen_assignments(session: Session, now: datetime) -> str:
    """Re-open assignments whose certificate expired (their renewal is due)."""
    return f"re-opened {reopen_expired(session, _today(now))} assignment(s)"


def send_refreshers(session: Session, now: datetime) -> str:
    """Open the refreshers due today and e-mail each person at most once a week."""
    run = send_refresher_mails(
        session,
        local_day(now, current_app.config.get("LMS_TIMEZONE") or "UTC"),
        now,
        SmtpSettings.from_config(current_app.config),
        base_url=current_app.config["LMS_BASE_URL"],
        secret=str(current_app.secret_key or ""),
    )
    return f"{len(run.mailed)} refresher mail(s), {len(run.failed)} failed"


PERIODIC = (
    Periodic("lms.reminders", "LMS_SCHEDULE_REMINDERS", send_reminders),
    Periodic("lms.settle", "LMS_SCHEDULE_SETTLE", settle_attempts),
    Periodic("lms.reopen", "LMS_SCHEDULE_REOPEN", reopen_assignments),
    Periodic("lms.refreshers", "LMS_SCHEDULE_REFRESHERS", send_refreshers),
)
