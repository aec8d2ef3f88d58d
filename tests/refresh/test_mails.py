"""Refresher e-mails through a real SMTP sink with a fixed clock: due only, in
the person's language, at most one a week, none after the one-click opt-out."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from lms.db import get_database
from lms.files.smtp import SmtpSettings
from lms.models import AuditEntry, RefresherSession
from lms.refresh.mails import send_refresher_mails
from lms.refresh.optout import opt_out
from tests.certify.helpers import earn
from tests.fixtures.people import PASSWORD
from tests.fixtures.smtp_sink import smtp_sink
from tests.refresh.helpers import course_with_refresher


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, 15, tzinfo=UTC)


def test_due_weekly_language_and_opt_out(app: Any, sync: Any, make_person: Any) -> None:
    assert sync(course_with_refresher()).ok
    db = get_database(app).sessionmaker()
    person = db.merge(make_person(language="de"))
    earn(db, person, _at(date(2026, 1, 5)))
    with smtp_sink() as sink, app.test_request_context():
        settings = SmtpSettings(host="127.0.0.1", port=sink.server_address[1])

        def run(day: date) -> tuple[str, ...]:
            result = send_refresher_mails(
                db, day, _at(day), settings, base_url="http://lms.test", secret="s3"
            )
            db.commit()
            return result.mailed

        assert run(date(2026, 1, 18)) == ()  # not due yet
        assert run(date(2026, 1, 19)) == (person.email,)
        message = sink.messages[-1]
        assert message["Subject"] == "Ihre 5-Minuten-Auffrischung"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/refreshers/opt-out/" in message["List-Unsubscribe"]
        assert run(date(2026, 1, 20)) == ()  # at most one a week
        assert run(date(2026, 1, 26)) == ()  # the same refresher, not due again
        # Not taken: it expires after 14 days, and the next one is mailed.
        assert run(date(2026, 2, 2)) == (person.email,)
        assert opt_out(db, person, _at(date(2026, 2, 3)))
        db.commit()
        assert run(date(2026, 2, 16)) == ()
        assert run(date(2026, 3, 2)) == ()
        assert len(sink.messages) == 2
    audited = db.scalars(select(AuditEntry.action)).all()
    assert audited.count("refresher.opt_out") == 1
    db.close()


def _body(message: Any) -> str:
    part = message.get_body(("plain",)) if message.is_multipart() else message
    return str(part.get_content())


def test_mail_link_opens_the_refresher_through_login(
    app: Any, client: Any, sync: Any, make_person: Any
) -> None:
    assert sync(course_with_refresher()).ok
    db = get_database(app).sessionmaker()
    person = db.merge(make_person())
    day = datetime.now(UTC).date()  # the page below runs on the real clock
    earn(db, person, _at(day - timedelta(days=14)))
    with smtp_sink() as sink, app.test_request_context():
        settings = SmtpSettings(host="127.0.0.1", port=sink.server_address[1])
        sent = send_refresher_mails(
            db, day, _at(day), settings, base_url="http://lms.test/", secret="s3"
        )
        db.commit()
    assert sent.mailed == (person.email,)
    row = db.scalars(select(RefresherSession)).one()
    public_id, email = row.public_id, person.email
    db.close()
    link = f"http://lms.test/refreshers/{public_id}"
    assert link in _body(sink.messages[-1]).split()
    # Not logged in: the link goes through the login page and lands on it.
    path = urlsplit(link).path
    first = client.get(path)
    assert first.status_code == 302
    login_page = client.get(first.headers["Location"]).get_data(as_text=True)
    # The login form's own hidden field (the language switch has one too).
    fields = re.findall(r'<input id="next" name="next"[^>]*value="([^"]*)"', login_page)
    assert [urlsplit(html.unescape(f)).path for f in fields] == [path]
    landed = client.submit(
        "/login",
        {"email": email, "password": PASSWORD, "next": html.unescape(fields[0])},
    )
    assert landed.status_code == 302
    assert urlsplit(landed.headers["Location"]).path == path
    page = client.get(path).get_data(as_text=True)
    assert "Check my answer" in page
