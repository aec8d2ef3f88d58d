"""The refresher through the browser's forms (no JavaScript): the home card,
starting, answering with feedback, and the signed opt-out link."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from lms.db import get_database
from lms.models import AuditEntry, Person, RefresherOptOut
from lms.refresh.optout import opt_out_token
from tests.certify.helpers import earn
from tests.refresh.helpers import course_with_refresher

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_card_start_answer_feedback(
    app: Any, client: Any, auth: Any, sync: Any
) -> None:
    assert sync(course_with_refresher()).ok
    person = auth.login("learner")
    db = get_database(app).sessionmaker()
    # Certified long ago: a refresher is due today.
    earn(db, db.merge(person), datetime(2026, 11, 1, 9, tzinfo=UTC))
    db.close()
    home = client.get("/learning").get_data(as_text=True)
    assert "5-minute refresher: 3 questions" in home
    token = CSRF.search(home).group(1)  # type: ignore[union-attr]
    started = client.post("/refreshers/cse/start", data={"csrf_token": token})
    assert started.status_code == 302
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Check my answer" in page
    assert "correct" not in page.split("<main", 1)[-1].lower().replace("correct_", "")
    key = re.search(r'name="question" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    field, value = re.search(r'name="(a-[^"]+)" value="([^"]+)"', page).groups()  # type: ignore[union-attr]
    answer_url = started.headers["Location"] + "/answer"
    done = client.post(
        answer_url, data={"csrf_token": token, "question": key, field: value}
    )
    assert done.status_code == 302
    after = client.get(started.headers["Location"]).get_data(as_text=True)
    assert ("Right" in after) or ("Not quite" in after)
    # A module's quiz bank links back to its module; the extra bank has none.
    assert ("Back to the lesson" in after) != key.startswith("extra/")


def test_opt_out_link_is_signed_and_audited(
    app: Any, client: Any, make_person: Any
) -> None:
    person = make_person()
    assert client.get("/refreshers/opt-out/forged").status_code == 404
    token = opt_out_token(app.secret_key, person.id)
    assert client.post(f"/refreshers/opt-out/{token}").status_code == 200
    assert client.post(f"/refreshers/opt-out/{token}").status_code == 200
    db = get_database(app).sessionmaker()
    assert db.get(RefresherOptOut, person.id) is not None
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "refresher.opt_out")
    ).all()
    assert len(entries) == 1
    assert db.get(Person, person.id) is not None
    db.close()
