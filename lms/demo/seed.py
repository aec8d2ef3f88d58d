"""Demo data: a made-up organisation with real attempts and real certificate PDFs.

One seeded random generator draws everything, so a seed gives the same
organisation (verification codes, tokens and PDF bytes excepted: those are
random or time-stamped by design). Rows go in by bulk INSERT, people in
chunks so memory stays flat. Rendering the certificates dominates the time:
every PDF is rendered for its own certificate (number, code, QR code), about
0.1 s each, because a PDF that did not match its record would fail
verification.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.certify.codes import certificate_number, course_prefix, new_verification_code
from lms.certify.pdfcheck import pdf_sha256
from lms.certify.render import CertificateData, render_certificate
from lms.demo.activity import CourseInfo, Plan, course_infos, plan_assignment
from lms.demo.people import (
    DEPARTMENTS,
    EMPLOYEE_ID_PREFIX,
    DemoPerson,
    make_people,
)
from lms.errors import LmsError, ValidationError
from lms.models import (
    Assignment,
    Attempt,
    AttemptAnswer,
    Certificate,
    Department,
    LessonProgress,
    Person,
    PersonRole,
)
from lms.models.person import new_session_key

MAX_USERS = 100_000
PEOPLE_CHUNK = 500
CERTIFICATE_BATCH = 100  # rendered PDFs held in memory before they are inserted
ASSIGNED_SHARE = 0.85
MAX_ASSIGNED_DAYS_AGO = 540
DUE_IN_DAYS = (30, 60, 90)

Progress = Callable[[str], None]


class DemoRefused(LmsError):
    """The database holds real people; demo data would mix with theirs."""


@dataclass(frozen=True)
class DemoReport:
    departments: int
    people: int
    assignments: int
    attempts: int
    certificates: int


@dataclass(frozen=True)
class _Earned:
    """A certificate to render: known before its number is."""

    person_id: int
    holder: str
    language: str
    info: CourseInfo
    completed_at: datetime
    score: float | None


def real_people(session: Session) -> int:
    """People who are not administrators: what demo data must not mix with."""
    admin = exists().where(
        PersonRole.person_id == Person.id, PersonRole.role == "admin"
    )
    return session.scalar(select(func.count(Person.id)).where(~admin)) or 0


def _departments(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Department.name, Department.id).where(Department.name.in_(DEPARTMENTS))
    )
    existing: dict[str, int] = dict(rows.all())
    missing = [{"name": name} for name in DEPARTMENTS if name not in existing]
    if missing:
        session.execute(insert(Department), missing)
        return _departments(session)
    return existing


def _first_index(session: Session) -> int:
    """After the highest demo employee id, so --force runs add, never collide."""
    highest = session.scalar(
        select(Person.employee_id)
        .where(Person.employee_id.like(f"{EMPLOYEE_ID_PREFIX}%"))
        .order_by(Person.employee_id.desc())
        .limit(1)
    )
    digits = (highest or "")[len(EMPLOYEE_ID_PREFIX) :]
    return int(digits) + 1 if digits.isdigit() else 1


def _insert_people(
    session: Session,
    people: Sequence[DemoPerson],
    departments: dict[str, int],
    managers: dict[str, int],
    now: datetime,
) -> list[int]:
    rows = [
        {
            "email": p.email,
            "name": p.name,
            "password_hash": None,  # demo people cannot log in
            "language": p.language,
            "active": True,
            "must_change_password": False,
            "session_key": new_session_key(),
            "created_at": now,
            "employee_id": p.employee_id,
            "department_id": departments[p.department],
            "manager_id": None if p.is_manager else managers.get(p.department),
        }
        for p in people
    ]
    if not rows:
        return []
    ids = list(
        session.scalars(
            insert(Person).returning(Person.id, sort_by_parameter_order=True), rows
        )
    )
    session.execute(
        insert(PersonRole), [{"person_id": i, "role": "learner"} for i in ids]
    )
    return ids


def _insert_chunk(
    session: Session,
    chunk: Sequence[DemoPerson],
    departments: dict[str, int],
    managers: dict[str, int],
    now: datetime,
) -> dict[int, int]:
    """Insert managers first (the others point at them); return index -> id."""
    heads = [p for p in chunk if p.is_manager]
    staff = [p for p in chunk if not p.is_manager]
    ids: dict[int, int] = {}
    for person, person_id in zip(
        heads, _insert_people(session, heads, departments, managers, now), strict=True
    ):
        ids[person.index] = managers[person.department] = person_id
        session.execute(
            update(Department)
            .where(Department.id == departments[person.department])
            .values(manager_id=person_id)
        )
    new_ids = _insert_people(session, staff, departments, managers, now)
    ids.update(zip((p.index for p in staff), new_ids, strict=True))
    return ids


def _insert_attempts(session: Session, plans: Sequence[Plan]) -> int:
    attempts = [a for plan in plans for a in plan.attempts]
    if not attempts:
        return 0
    ids = session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [a.row for a in attempts],
    ).all()
    answers = [
        {**answer, "attempt_id": attempt_id}
        for attempt_id, attempt in zip(ids, attempts, strict=True)
        for answer in attempt.answers
    ]
    if answers:
        session.execute(insert(AttemptAnswer), answers)
    return len(attempts)


def seed_demo(
    session: Session,
    *,
    users: int,
    seed: int,
    now: datetime,
    base_url: str,
    template_dir: Path,
    force: bool = False,
    progress: Progress | None = None,
) -> DemoReport:
    """Create ``users`` people with assignments, activity and certificates."""
    if not 1 <= users <= MAX_USERS:
        raise ValidationError(
            _l("Choose between 1 and %(most)d users.", most=MAX_USERS), "users"
        )
    found = real_people(session)
    if found and not force:
        raise DemoRefused(
            _l(
                "The database has %(count)d people besides administrators; "
                "add --force to add demo people anyway.",
                count=found,
            )
        )
    infos = course_infos(session)
    if not infos:
        raise LmsError(_l("There are no published courses: run lms content sync."))
    say = progress or (lambda _message: None)
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data, not secrets)
    today = now.date()
    departments = _departments(session)
    taken = set(session.scalars(select(Person.email)))
    people = make_people(rng, users, _first_index(session), DEPARTMENTS, taken)
    managers: dict[str, int] = {}
    earned: list[_Earned] = []
    assignments = attempts = 0
    for start in range(0, len(people), PEOPLE_CHUNK):
        chunk = people[start : start + PEOPLE_CHUNK]
        ids = _insert_chunk(session, chunk, departments, managers, now)
        assignment_rows: list[dict[str, object]] = []
        plans: list[Plan] = []
        for person in chunk:
            person_id = ids[person.index]
            for info in infos:
                if rng.random() >= ASSIGNED_SHARE:
                    continue
                assigned_on = today - timedelta(
                    days=rng.randint(0, MAX_ASSIGNED_DAYS_AGO)
                )
                due_in = rng.choice(DUE_IN_DAYS)
                assignment_rows.append(
                    {
                        "person_id": person_id,
                        "course_id": info.course.id,
                        "assigned_on": assigned_on,
                        "due_on": assigned_on + timedelta(days=due_in),
                        "due_in_days": due_in,
                    }
                )
                plan = plan_assignment(
                    info, (person_id, person.language), assigned_on, today, rng
                )
                plans.append(plan)
                if plan.completed_at is not None:
                    earned.append(
                        _Earned(
                            person_id,
                            person.name,
                            person.language,
                            info,
                            plan.completed_at,
                            plan.score_percent,
                        )
                    )
        if assignment_rows:
            session.execute(insert(Assignment), assignment_rows)
        progress_rows = [row for plan in plans for row in plan.progress]
        if progress_rows:
            session.execute(insert(LessonProgress), progress_rows)
        attempts += _insert_attempts(session, plans)
        assignments += len(assignment_rows)
        say(f"people: {start + len(chunk)}/{len(people)}")
    _issue_all(session, earned, base_url, template_dir, say)
    report = DemoReport(
        len(departments), len(people), assignments, attempts, len(earned)
    )
    audit(
        session,
        None,
        "demo.seed",
        f"{users} people",
        details={"seed": seed, **report.__dict__},
        now=now,
    )
    session.flush()
    return report


def _next_sequences(session: Session) -> dict[tuple[str, int], int]:
    rows = session.execute(
        select(
            Certificate.prefix, Certificate.year, func.max(Certificate.sequence)
        ).group_by(Certificate.prefix, Certificate.year)
    )
    return {(prefix, year): highest for prefix, year, highest in rows}


def _issue_all(
    session: Session,
    earned: list[_Earned],
    base_url: str,
    template_dir: Path,
    say: Progress,
) -> None:
    """Number certificates in the order they were earned, render and insert them."""
    earned.sort(key=lambda e: e.completed_at)
    sequences = _next_sequences(session)
    batch: list[dict[str, object]] = []
    for done, item in enumerate(earned, start=1):
        course = item.info.course
        prefix, year = course_prefix(course.slug), item.completed_at.year
        sequence = sequences.get((prefix, year), 0) + 1
        sequences[(prefix, year)] = sequence
        completed_on: date = item.completed_at.date()
        valid_until = (
            completed_on + timedelta(days=course.validity_days)
            if course.validity_days
            else None
        )
        code = new_verification_code()
        data = CertificateData(
            holder_name=item.holder,
            course_title=item.info.title(item.language),
            completed_on=completed_on,
            score_percent=item.score,
            valid_until=valid_until,
            number=certificate_number(prefix, year, sequence),
            verification_code=code,
            verify_url=f"{base_url}/verify/{code}",
            content_version=course.content_hash[:12],
            language=item.language,  # type: ignore[arg-type]
            issued_at=item.completed_at,
        )
        pdf = render_certificate(data, template_dir, course.certificate_template)
        batch.append(
            {
                "number": data.number,
                "prefix": prefix,
                "year": year,
                "sequence": sequence,
                "verification_code": code,
                "issue_key": f"earned:{item.person_id}:{course.id}:1",
                "person_id": item.person_id,
                "course_id": course.id,
                "holder_name": item.holder,
                "course_title": data.course_title,
                "language": item.language,
                "score_percent": item.score,
                "completed_on": completed_on,
                "issued_at": item.completed_at,
                "valid_until": valid_until,
                "content_version": data.content_version,
                "pdf_sha256": pdf_sha256(pdf),
                "pdf": pdf,
            }
        )
        if len(batch) >= CERTIFICATE_BATCH or done == len(earned):
            session.execute(insert(Certificate), batch)
            batch.clear()
            say(f"certificates: {done}/{len(earned)}")
