"""One attempt open in two tabs: a save or submit from the tab that is behind is
refused (nothing of it is stored), so it never overwrites unseen what the other
tab saved. Tab A and tab B are two loads of the attempt page by one learner."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.models import Attempt, AttemptAnswer, Person
from lms.quiz import attempts as service
from tests.quiz.attempts.helpers import (
    answer,
    attempt_id,
    in_page,
    page_revision,
    page_values,
    start,
    submit,
    write_basics,
)

STALE = "This attempt was changed in another tab or window."
JSON = {"Accept": "application/json"}


def _stored(db: Any) -> dict[str, str]:
    """The attempt's stored answers, as committed now."""
    db.rollback()
    db.expire_all()
    return {a.question_id: a.response_json for a in db.scalars(select(AttemptAnswer))}


def _two_tabs(client: Any, sync: Any, auth: Any) -> tuple[str, str, str]:
    """The attempt's URL and the revision each of two tabs was rendered with."""
    write_basics(sync)
    auth.login()
    url = start(client)
    tab_a = page_revision(client.get(url).get_data(as_text=True))
    tab_b = page_revision(client.get(url).get_data(as_text=True))
    return url, tab_a, tab_b


def test_a_form_save_from_a_stale_tab_is_refused_and_the_fresh_answer_kept(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    url, tab_a, tab_b = _two_tabs(client, sync, auth)
    saved = answer(client, url, {"a-q-greet": "c1"}, revision=tab_a)
    assert saved.status_code == 302
    after_a = _stored(db)
    assert after_a["q-greet"] == '"c1"'
    refused = answer(
        client, url, {"a-q-greet": "c2", "a-q-internal": "boss"}, revision=tab_b
    )
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Your answers were not saved" in html
    assert STALE in html
    assert ">Reload</button>" in html
    assert _stored(db) == after_a  # nothing of tab B's save
    # Reloading shows tab A's answer, and the reloaded page may save again.
    page = client.get(url).get_data(as_text=True)
    (greet,) = in_page(client, url, {"a-q-greet": "c1"})["a-q-greet"]
    assert f'value="{greet}" checked' in page
    again = answer(client, url, {"a-q-greet": "c2"}, revision=page_revision(page))
    assert again.status_code == 302
    assert _stored(db)["q-greet"] == '"c2"'


def test_an_autosave_from_a_stale_tab_gets_409_stale_and_stores_nothing(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    url, tab_a, tab_b = _two_tabs(client, sync, auth)

    def autosave(question: str, value: str, revision: str) -> Any:
        fields = in_page(client, url, {f"a-{question}": value})
        data = {"present": question, "revision": revision, **fields}
        return client.submit(url, data, page=url, headers=JSON)

    first = autosave("q-greet", "c1", tab_a)
    assert first.status_code == 200
    tab_a = str(first.get_json()["revision"])  # the page keeps it for its next save
    refused = autosave("q-greet", "c2", tab_b)
    assert refused.status_code == 409
    assert refused.get_json()["stale"] is True
    assert STALE in refused.get_json()["message"]
    assert autosave("q-internal", "colleague", tab_a).status_code == 200
    assert _stored(db) == {"q-greet": '"c1"', "q-internal": '"colleague"'}


def test_a_page_that_sends_no_revision_or_no_number_is_refused(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    url, _tab_a, _tab_b = _two_tabs(client, sync, auth)
    fields = {"present": "q-greet", **in_page(client, url, {"a-q-greet": "c1"})}
    for extra in ({}, {"revision": ""}, {"revision": "x1"}, {"revision": "9" * 40}):
        response = client.submit(url, {**fields, **extra}, page=url, headers=JSON)
        assert response.status_code == 409, extra
        assert response.get_json()["stale"] is True
    assert _stored(db) == {}


def test_submit_from_a_stale_tab_is_refused_and_grades_nothing(
    client: Any, auth: Any, sync: Any, synced: Any, db: Any
) -> None:
    url, tab_a, tab_b = _two_tabs(client, sync, auth)
    # Tab B shows the submit page; then tab A gives an answer tab B never saw.
    confirm_b = page_revision(client.get(url + "/submit").get_data(as_text=True))
    assert confirm_b == tab_b
    answer(client, url, {"a-q-greet": "c1"}, revision=tab_a)
    after_a = _stored(db)
    # "Finish and submit" on tab B's attempt page saves first: refused.
    finish = answer(client, url, {"a-q-greet": "c2"}, "submit", revision=tab_b)
    assert finish.status_code == 409
    assert STALE in finish.get_data(as_text=True)
    # "Submit now" on tab B's submit page: refused, nothing graded.
    refused = submit(client, url, revision=confirm_b)
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Your answers were not submitted" in html
    assert STALE in html
    attempt = db.scalar(select(Attempt).where(Attempt.public_id == attempt_id(url)))
    assert attempt is not None
    assert attempt.submitted_at is None
    assert _stored(db) == after_a
    assert after_a["q-greet"] == '"c1"'
    # From a freshly loaded submit page the submit goes through.
    fresh = page_revision(client.get(url + "/submit").get_data(as_text=True))
    done = submit(client, url, revision=fresh)
    assert done.headers["Location"] == url + "/result"
    db.rollback()
    db.expire_all()
    assert db.get(Attempt, attempt.id).submitted_at is not None


def test_of_saves_that_saw_the_same_revision_exactly_one_wins(
    app: Any, sync: Any, synced: Any, make_person: Any
) -> None:
    """Four requests at once, each in its own session (as server workers are)."""
    write_basics(sync)
    database = get_database(app)
    person_id = make_person().id
    now = utcnow()
    with database.sessionmaker() as session:
        person = session.get(Person, person_id)
        assert person is not None
        public_id = service.start_attempt(
            session, person, "cse", "basics", now
        ).public_id
        session.commit()
    choices = ["c1", "c2", "c1", "c2"]
    barrier = threading.Barrier(len(choices))
    outcomes: list[str] = []

    def save(choice: str) -> None:
        with database.sessionmaker() as session:
            person = session.get(Person, person_id)
            assert person is not None
            fields = page_values(session, public_id, {"a-q-greet": [choice]})
            session.rollback()
            barrier.wait(timeout=30)
            try:
                result = service.save_answers(
                    session,
                    person,
                    public_id,
                    fields,
                    ["q-greet"],
                    now + timedelta(seconds=1),
                    revision=0,
                )
                session.commit()
                outcomes.append(f"saved {choice} at {result.revision}")
            except service.StaleAttempt:
                session.rollback()
                outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(c,)) for c in choices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == len(choices), outcomes
    assert outcomes.count("stale") == len(choices) - 1, outcomes
    (winner,) = [o for o in outcomes if o.startswith("saved")]
    with database.sessionmaker() as session:
        attempt = session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        assert attempt is not None
        assert attempt.revision == 1
        assert [a.response_json for a in attempt.answers] == [f'"{winner.split()[1]}"']
