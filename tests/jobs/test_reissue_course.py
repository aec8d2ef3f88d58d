"""HR re-issues every current certificate of a course as a background job."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from lms.db import get_database, utcnow
from lms.models import AuditEntry, Certificate, Course, Job, Person
from tests.certify.helpers import earn
from tests.jobs.helpers import queued, run_queued

NOW = utcnow().replace(microsecond=0) - timedelta(days=30)
KEY_INPUT = re.compile(r'name="job_key" value="([^"]+)"')


@pytest.fixture
def holders(app: Any, make_person: Any, synced: Any) -> list[Certificate]:
    session = get_database(app).sessionmaker()
    certificates = []
    for name in ("Ada Lovelace", "=Grace Hopper"):
        person = make_person(name=name)
        certificates.append(earn(session, session.get(Person, person.id), NOW))
    session.close()
    return certificates


def course_id(db: Any) -> int:
    found = db.scalar(select(Course.id).where(Course.slug == "cse"))
    assert found is not None
    return int(found)


def confirm(client: Any, db: Any, german: bool = False) -> str:
    """HR's way there: the certificates page, the course, the confirmation."""
    listing = client.get("/hr/certificates").get_data(as_text=True)
    page = client.get(f"/hr/certificates/reissue-course?course={course_id(db)}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    if german:
        assert "Alle Zertifikate eines Kurses neu ausstellen" in listing
        assert "(2 Zertifikate)" in listing
        assert "2 gültige Zertifikate erhalten ein neues PDF" in html
    else:
        assert "Re-issue all certificates of a course" in listing
        assert "(2 certificates)" in listing
        assert "2 current certificates get a new PDF" in html
    match = KEY_INPUT.search(html)
    assert match
    return match.group(1)


def test_hr_reissues_a_course_with_progress_and_the_same_dates(
    app: Any, client: Any, auth: Any, db: Any, holders: list[Certificate]
) -> None:
    auth.login("hr")
    key = confirm(client, db)
    form = {"course": str(course_id(db)), "job_key": key}
    first = client.submit(
        "/hr/certificates/reissue-course", form, page="/hr/certificates"
    )
    again = client.submit(
        "/hr/certificates/reissue-course", form, page="/hr/certificates"
    )
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]  # one job
    assert queued(app) == 1
    job_page = first.headers["Location"]
    assert "Re-issue all certificates of a course" in client.get(job_page).get_data(
        as_text=True
    )

    assert run_queued(app) == 1
    db.rollback()
    old_ids = [c.id for c in holders]
    for old in db.scalars(select(Certificate).where(Certificate.id.in_(old_ids))):
        new = db.get(Certificate, old.superseded_by_id)
        assert new is not None
        assert (new.valid_until, new.completed_on, new.holder_name) == (
            old.valid_until,
            old.completed_on,
            old.holder_name,
        )
        assert new.number != old.number
        assert new.pdf != old.pdf
        assert new.number in PdfReader(io.BytesIO(new.pdf)).pages[0].extract_text()
    assert db.scalar(select(Job.done).where(Job.state == "done")) == 2
    page = client.get(job_page).get_data(as_text=True)
    assert "2 of 2 done." in page
    download = client.get(job_page + "/result")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0] == ["old_number", "new_number", "holder_name", "valid_until"]
    assert {row[2] for row in rows[1:]} == {"Ada Lovelace", "'=Grace Hopper"}
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions.count("certificate.reissue") == 2

    # Another HR user may follow the job; a learner may not.
    auth.logout()
    auth.login("hr")
    assert client.get(job_page).status_code == 200
    auth.logout()
    auth.login("learner")
    assert client.get(job_page).status_code == 404
    assert client.get("/hr/certificates/reissue-course?course=1").status_code == 403


def test_a_retried_reissue_never_reissues_its_own_output(
    app: Any, client: Any, auth: Any, db: Any, holders: list[Certificate]
) -> None:
    auth.login("hr")
    key = confirm(client, db)
    form = {"course": str(course_id(db)), "job_key": key}
    job_page = client.submit(
        "/hr/certificates/reissue-course", form, page="/hr/certificates"
    ).headers["Location"]
    run_queued(app)
    db.rollback()
    job = db.scalar(select(Job))
    assert job is not None
    # As if its worker had died after the work: queued again, run again.
    job.state = "failed"
    db.commit()
    client.submit(job_page + "/retry", page=job_page)
    run_queued(app)
    db.rollback()
    current = db.scalars(
        select(Certificate).where(Certificate.superseded_by_id.is_(None))
    ).all()
    assert len(current) == 2
    assert len(db.scalars(select(Certificate)).all()) == 4


def test_a_course_that_is_gone_fails_with_its_reason(
    app: Any, client: Any, auth: Any, db: Any, holders: list[Certificate]
) -> None:
    auth.login("hr", language="de")
    key = confirm(client, db, german=True)
    form = {"course": str(course_id(db)), "job_key": key}
    job_page = client.submit(
        "/hr/certificates/reissue-course", form, page="/hr/certificates"
    ).headers["Location"]
    db.rollback()
    db.execute(
        Job.__table__.update().values(
            params_json='{"course_id": 999999, '
            '"actor_id": 1, "before": "2030-01-01T00:00:00+00:00"}'
        )
    )
    db.commit()
    run_queued(app)
    page = client.get(job_page).get_data(as_text=True)
    assert "Den Kurs gibt es nicht mehr." in page
    assert "Erneut versuchen" in page


def test_an_unknown_course_is_404(client: Any, auth: Any, synced: Any) -> None:
    auth.login("hr")
    assert client.get("/hr/certificates/reissue-course?course=x").status_code == 404
    assert client.get("/hr/certificates/reissue-course?course=99999").status_code == 404
