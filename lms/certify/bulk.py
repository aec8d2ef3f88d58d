"""Re-issuing every current certificate of a course, as a background job.

For a new certificate template or corrected course facts: each certificate gets
a new PDF (the course's current template and title) and a new number and code,
with the same holder, score and validity dates; the old one is superseded.
Certificates issued after the job was started are not touched, so a job that
runs again (a retry, a worker that died) never re-issues its own output.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.certify.issuing import issuer
from lms.certify.services import reissue
from lms.db import utcnow
from lms.jobs.api import JobContext, JobFailed, JobResult, job_function
from lms.models import Certificate, Course, Person

REASON = "Re-issued with all current certificates of the course"


def _current(session: Session, course_id: int, before: datetime | None) -> list[int]:
    """Ids of the course's current certificates (neither superseded nor revoked)."""
    statement = (
        select(Certificate.id)
        .where(
            Certificate.course_id == course_id,
            Certificate.superseded_by_id.is_(None),
            Certificate.revoked_at.is_(None),
        )
        .order_by(Certificate.id)
    )
    if before is not None:
        statement = statement.where(Certificate.issued_at <= before)
    return list(session.scalars(statement))


def count_current(session: Session) -> dict[int, int]:
    """Course id -> how many current certificates it has."""
    rows = session.execute(
        select(Certificate.course_id, func.count())
        .where(Certificate.superseded_by_id.is_(None), Certificate.revoked_at.is_(None))
        .group_by(Certificate.course_id)
    )
    return {int(row[0]): int(row[1]) for row in rows}


@job_function(_l("Re-issue all certificates of a course"))
def reissue_course(
    ctx: JobContext, course_id: int, actor_id: int, before: str
) -> JobResult:
    """The job: re-issue one by one, committing each; a CSV of old and new numbers."""
    session = ctx.session
    course = session.get(Course, course_id)
    actor = session.get(Person, actor_id)
    if course is None:
        raise JobFailed(_l("The course no longer exists."))
    if actor is None:
        raise JobFailed(_l("The person who started the job no longer exists."))
    ids = _current(session, course.id, datetime.fromisoformat(before))
    ctx.progress(0, total=len(ids))
    settings = issuer()
    out = io.StringIO()
    table = csv.writer(out)
    table.writerow(["old_number", "new_number", "holder_name", "valid_until"])
    for done, certificate_id in enumerate(ids, 1):
        certificate = session.get(Certificate, certificate_id)
        if (
            certificate is not None
            and certificate.superseded_by_id is None
            and certificate.revoked_at is None
        ):
            new = reissue(
                session,
                actor,
                certificate,
                certificate.holder_name,
                REASON,
                utcnow(),
                base_url=settings.base_url,
                template_dir=settings.template_dir,
            )
            table.writerow(
                [
                    certificate.number,
                    new.number,
                    _cell(new.holder_name),
                    new.valid_until.isoformat() if new.valid_until else "",
                ]
            )
        ctx.progress(done)
    return JobResult(
        out.getvalue().encode("utf-8"),
        f"reissued_{course.slug}.csv",
        "text/csv; charset=utf-8",
    )


def _cell(text: str) -> str:
    """A name a spreadsheet must not read as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
