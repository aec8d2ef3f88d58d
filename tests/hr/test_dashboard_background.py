"""The dashboard after a change: the last figures at once, counted again by a job."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from lms.db import get_database, utcnow
from lms.hr.dashboard_cache import MAX_AGE, claim_count, shown_figures
from lms.models import DashboardFigures, Job, Person
from tests.certify.helpers import complete_lessons
from tests.hr.helpers import person
from tests.hr.test_dashboard import build, give
from tests.jobs.helpers import queued, run_queued


def _assigned(page: str) -> int:
    found = re.search(r"<dt>(?:Assigned|Zugewiesen)</dt><dd>(\d+)</dd>", page)
    assert found is not None, page
    return int(found.group(1))


def _change(app: Flask) -> None:
    """One new assignment."""
    with get_database(app).sessionmaker() as session:
        give(session, person(session), utcnow().date() + timedelta(days=9))
        session.commit()


def _jobs(app: Flask) -> int:
    with get_database(app).sessionmaker() as session:
        return int(session.scalar(select(func.count(Job.id))) or 0)


def test_the_first_view_counts_then_a_change_shows_the_last_figures_with_their_time(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    build(app, 3)
    auth.login("hr")
    first = client.get("/hr/").get_data(as_text=True)
    assert _assigned(first) == 3  # nothing counted before: counted in the request
    assert "Counting again" not in first
    assert _jobs(app) == 0
    counted_at = re.search(r'id="counted-at">Counted at ([^;]+);', first)
    assert counted_at is not None

    _change(app)
    stale = client.get("/hr/").get_data(as_text=True)
    assert _assigned(stale) == 3
    assert "Counting again… These figures were counted at" in stale
    assert f"Counted at {counted_at.group(1)};" in stale
    assert "js/figures.js" in stale
    status_url = re.search(r'data-status-url="([^"]+)"', stale)
    assert status_url is not None
    assert client.get(status_url.group(1)).get_json()["final"] is False
    assert 'href="/hr/">Show the new figures</a>' in stale  # without JavaScript

    assert run_queued(app) == 1
    assert client.get(status_url.group(1)).get_json()["final"] is True
    fresh = client.get("/hr/").get_data(as_text=True)
    assert _assigned(fresh) == 4
    assert "Counting again" not in fresh
    assert run_queued(app) == 0  # the job's own writes did not outdate them


def test_many_views_while_a_count_is_pending_ask_for_one_job(
    app: Flask, client: Any, auth: Any, make_client: Any, synced: Any
) -> None:
    build(app, 3)
    auth.login("hr")
    client.get("/hr/")
    _change(app)
    other = make_client()
    type(auth)(other, auth.make_person).login("hr")
    for view in [client, other] * 10:
        page = view.get("/hr/").get_data(as_text=True)
        assert _assigned(page) == 3
        assert "Counting again…" in page
    assert _jobs(app) == 1
    assert queued(app) == 1
    assert run_queued(app) == 1
    assert _assigned(other.get("/hr/").get_data(as_text=True)) == 4


def test_a_view_that_read_an_older_job_loses_the_claim(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    """Two views that read the row at the same moment: one UPDATE wins."""
    build(app, 3)
    hr = auth.login("hr")
    client.get("/hr/")
    _change(app)
    today = utcnow().date()
    with app.app_context(), get_database(app).sessionmaker() as session:
        owner = session.get(Person, hr.id)
        assert owner is not None
        won = claim_count(session, owner, None, today, "en", "asked")
        lost = claim_count(session, owner, None, today, "en", "asked")
        session.commit()
        assert won is not None
        assert lost is None
        row = session.get(DashboardFigures, "en")
        assert row is not None
        assert row.job_id == won.id
    assert _jobs(app) == 1
    assert queued(app) == 1


def test_a_failed_count_keeps_the_figures_and_says_so(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    build(app, 3)
    auth.login("hr", language="de")
    client.get("/hr/")
    _change(app)
    assert "Zählt neu…" in client.get("/hr/").get_data(as_text=True)
    with get_database(app).sessionmaker() as session:
        job = session.scalars(select(Job)).one()
        job.params_json = job.params_json.replace('"day": "', '"day": "no day ')
        session.commit()
    assert run_queued(app) == 1
    page = client.get("/hr/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert _assigned(text) == 3
    assert "Die Zahlen neu zu zählen ist fehlgeschlagen:" in text
    assert "Traceback" not in text
    assert run_queued(app) == 0  # not asked for again at once for the same data
    counted = client.get("/hr/?recount=1").get_data(as_text=True)
    assert _assigned(counted) == 4  # "Count again now" still counts
    assert "fehlgeschlagen" not in counted


def test_activity_that_leaves_no_trace_is_counted_again_after_max_age(
    app: Flask, client: Any, auth: Any, synced: Any
) -> None:
    build(app, 3)
    hr = auth.login("hr")
    client.get("/hr/")
    with get_database(app).sessionmaker() as session:
        idle = session.scalars(
            select(Person).where(Person.name.like("Learner%")).order_by(Person.id)
        ).all()[-1]
        complete_lessons(session, idle, utcnow())
    today = utcnow().date()
    with app.app_context(), get_database(app).sessionmaker() as session:
        owner = session.get(Person, hr.id)
        assert owner is not None
        kept = shown_figures(
            session, owner=owner, today=today, language="en", now=utcnow()
        )
        assert not kept.counting
        later = utcnow() + MAX_AGE + timedelta(seconds=1)
        old = shown_figures(session, owner=owner, today=today, language="en", now=later)
        assert old.counting
        assert old.figures == kept.figures
    assert run_queued(app) == 1
    assert "Counting again" not in client.get("/hr/").get_data(as_text=True)
