"""The refresher through the browser's forms (no JavaScript): the home card,
starting, answering with feedback, and the signed opt-out link."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from lms.db import get_database
from lms.models import AuditEntry, Course, Person, RefresherOptOut, RefresherSession
from lms.refresh.links import lesson_link
from lms.refresh.optout import opt_out_token
from tests.certify.helpers import earn
from tests.fixtures.content import bank
from tests.refresh.helpers import REFRESHER, course_with_refresher

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


SECTION = re.compile(r'<section class="refresher-question".*?</section>', re.S)
LINK = re.compile(r'<a href="([^"]+)">Back to the lesson</a>')


def test_feedback_links_to_the_question_lesson(
    app: Any, client: Any, auth: Any, sync: Any
) -> None:
    """A question tagged with a lesson's slug links to that lesson; an untagged
    one to its bank's module; a bank no module uses to nothing."""
    basics = bank("basics", "Basics quiz").replace(
        "{#q-basics-greeting}", "{#q-basics-greeting tags=phone}"
    )
    changes = {
        **course_with_refresher(REFRESHER.replace("advanced, ", "")),
        "quizzes/cse/basics.md": basics,
    }
    assert sync(changes).ok
    db = get_database(app).sessionmaker()
    course = db.scalar(select(Course).where(Course.slug == "cse"))
    assert course is not None
    tagged = "basics/q-basics-greeting"
    assert lesson_link(db, course, tagged, ("phone",)) == "/courses/cse/basics/phone"
    assert lesson_link(db, course, "basics/q-basics-angry") == "/courses/cse/basics"
    assert lesson_link(db, course, "extra/q-extra-1") is None
    db.close()
    person = auth.login("learner")
    db = get_database(app).sessionmaker()
    earn(db, db.merge(person), datetime(2026, 11, 1, 9, tzinfo=UTC))
    db.close()
    token = CSRF.search(client.get("/learning").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    page_url = client.post("/refreshers/cse/start", data={"csrf_token": token}).headers[
        "Location"
    ]
    page = client.get(page_url).get_data(as_text=True)
    while 'name="question"' in page:
        key = re.search(r'name="question" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        field, value = re.search(r'name="(a-[^"]+)" value="([^"]+)"', page).groups()  # type: ignore[union-attr]
        client.post(
            page_url + "/answer",
            data={"csrf_token": token, "question": key, field: value},
        )
        page = client.get(page_url).get_data(as_text=True)
    db = get_database(app).sessionmaker()
    keys = json.loads(db.scalars(select(RefresherSession.questions_json)).one())
    db.close()
    expected = {
        "basics/q-basics-greeting": ["/courses/cse/basics/phone"],
        "basics/q-basics-angry": ["/courses/cse/basics"],
    }
    sections = SECTION.findall(page)
    assert len(sections) == len(keys) == 3
    for key, section in zip(keys, sections, strict=True):
        assert LINK.findall(section) == expected.get(key, []), key
