"""What the administrator's overview shows: the first steps, done or not, and counts.

The view passes the configuration in as plain values; this module reads only the
database, so a test can build an overview without a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from lms.config import ANY_ADDRESS, is_loopback
from lms.models import (
    Assignment,
    AuditEntry,
    Certificate,
    Course,
    Person,
    PersonRole,
    Role,
)
from lms.people.importing import IMPORT_ACTION


@dataclass(frozen=True)
class FirstSteps:
    """Each first step of a new installation: True once it is done."""

    base_url_reachable: bool
    people_added: bool
    people_imported: bool
    course_assigned: bool
    mail_configured: bool
    content_synced: bool

    @property
    def open_count(self) -> int:
        return sum(not done for done in vars(self).values())


@dataclass(frozen=True)
class SystemState:
    database: str
    people: int
    other_people: int
    courses: int
    published_courses: int
    certificates: int
    assignments: int
    last_sync_at: datetime | None


@dataclass(frozen=True)
class Overview:
    base_url: str
    steps: FirstSteps
    state: SystemState


def is_loopback_url(url: str) -> bool:
    """True when links built from ``url`` only work on the server's own machine
    (a loopback address, or "every address", which no browser can open)."""
    host = urlsplit(url).hostname or ""
    return is_loopback(host) or host.strip("[]") in ANY_ADDRESS


def database_kind(session: Session) -> str:
    """The database's product name as people know it."""
    name = session.get_bind().dialect.name
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(name, name)


def _count(session: Session, statement: object) -> int:
    return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def system_state(session: Session) -> SystemState:
    admins = select(PersonRole.person_id).where(PersonRole.role == Role.ADMIN.value)
    return SystemState(
        database=database_kind(session),
        people=_count(session, select(func.count(Person.id))),
        other_people=_count(
            session, select(func.count(Person.id)).where(Person.id.not_in(admins))
        ),
        courses=_count(
            session,
            select(func.count(Course.id)).where(Course.retired_at.is_(None)),
        ),
        published_courses=_count(
            session,
            select(func.count(Course.id)).where(
                Course.retired_at.is_(None), Course.published.is_(True)
            ),
        ),
        certificates=_count(session, select(func.count(Certificate.id))),
        assignments=_count(session, select(func.count(Assignment.id))),
        last_sync_at=session.scalar(select(func.max(Course.synced_at))),
    )


def build_overview(
    session: Session, *, base_url: str, mail_configured: bool
) -> Overview:
    """The overview for an installation at ``base_url`` with mail set up or not."""
    state = system_state(session)
    imported = bool(
        session.scalar(select(exists().where(AuditEntry.action == IMPORT_ACTION)))
    )
    steps = FirstSteps(
        base_url_reachable=not is_loopback_url(base_url),
        people_added=state.other_people > 0,
        people_imported=imported,
        course_assigned=state.assignments > 0,
        mail_configured=mail_configured,
        content_synced=state.published_courses > 0,
    )
    return Overview(base_url=base_url, steps=steps, state=state)
