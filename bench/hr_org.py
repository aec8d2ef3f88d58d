"""A synthetic organisation at the scale of issue #8, built fast for scenario 5.

10,000 people in 20 departments, 20 courses, 80,000 assignments, 50,000
certificates (exactly ZIP_CERTIFICATES of them in the first course, so a course
filter selects the ZIP's 1,000 PDFs), lesson progress and a passing attempt for
every certificate, lesson progress for some of the rest. Rows go in by bulk
INSERT in one transaction.

`lms demo seed` renders a real PDF per certificate (~0.08 s each, 70 minutes
for 50,000); here every course's certificate is rendered once and its bytes
are stored for each of that course's certificates. The PDFs are real and
stored, which is what the ZIP streams; they just do not carry each holder's
name. Nothing in the dashboard or the XLSX reads the PDF.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from lms.auth.passwords import hash_password
from lms.certify.codes import (
    certificate_number,
    course_prefix,
    new_verification_code,
)
from lms.certify.render import CertificateData, render_certificate
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    Course,
    CourseQuizzes,
    Department,
    Lesson,
    LessonProgress,
    Module,
    Person,
    PersonRole,
    QuizSet,
)
from lms.models.person import new_session_key
from lms.sync import sync_all

PEOPLE = 10_000
COURSES = 20
DEPARTMENTS = 20
PER_PERSON = 8  # courses assigned to each person: 80,000 assignments
CERTIFICATES = 50_000
ZIP_CERTIFICATES = 1_000
LESSONS_PER_COURSE = 3
VALIDITY_DAYS = 365
HR_EMAIL = "hr@example.com"
HR_PASSWORD = "violet tractor under moonlight"
CHUNK = 5_000


@dataclass(frozen=True)
class Org:
    zip_course_id: int
    zip_course_slug: str
    certificates: int
    assignments: int
    people: int


def write_courses(root: Path) -> None:
    """COURSES small published courses, each with three lessons and a final exam."""
    for n in range(1, COURSES + 1):
        slug = f"course-{n:02d}"
        course = root / "courses" / slug
        module = course / "01-module"
        module.mkdir(parents=True)
        (course / "course.md").write_text(
            f"---\ntitle: Course {n:02d}\nsummary: Course {n}.\nlanguage: en\n"
            "estimated_minutes: 20\npublished: true\nfinal_exam: final\n"
            f"certificate:\n  validity_days: {VALIDITY_DAYS}\n  template: default\n"
            "---\nIntroduction.\n",
            encoding="utf-8",
        )
        (module / "module.md").write_text(
            "---\ntitle: The module\nsummary: All of it.\n---\n", encoding="utf-8"
        )
        for lesson in range(1, LESSONS_PER_COURSE + 1):
            (module / f"{lesson:02d}-lesson-{lesson}.md").write_text(
                f"---\ntitle: Lesson {lesson}\nestimated_minutes: 5\n---\nText.\n",
                encoding="utf-8",
            )
        quizzes = root / "quizzes" / slug
        quizzes.mkdir(parents=True)
        (quizzes / "final.md").write_text(
            "---\nid: final\ntitle: Final exam\npass_mark: 50\n---\n\n"
            "## Which greeting fits best? {#q-greeting}\n\n"
            "- [x] Good morning, how can I help?\n- [ ] What?\n",
            encoding="utf-8",
        )


def _day(rng: random.Random, first: date, last: date) -> date:
    span = max(0, (last - first).days)
    return first + timedelta(days=rng.randint(0, span))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _pdfs(session: Session, template_dir: Path, today: date) -> dict[int, bytes]:
    """One real certificate PDF per course."""
    pdfs = {}
    for course_id, slug in session.execute(select(Course.id, Course.slug)):
        code = new_verification_code()
        data = CertificateData(
            holder_name="Bench Holder",
            course_title=slug,
            completed_on=today,
            score_percent=90.0,
            valid_until=today + timedelta(days=VALIDITY_DAYS),
            number=certificate_number(course_prefix(slug), today.year, 1),
            verification_code=code,
            verify_url=f"http://127.0.0.1/verify/{code}",
            content_version="bench",
            language="en",
            issued_at=_at(today),
        )
        pdfs[course_id] = render_certificate(data, template_dir)
    return pdfs


def _insert(session: Session, model: type[Any], rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


def build(session: Session, content: Path, template_dir: Path, now: datetime) -> Org:
    """Sync the courses under content/ and fill the database; the caller commits."""
    write_courses(content)
    report = sync_all(session, content / "courses", content / "quizzes", now)
    if not report.ok:
        raise RuntimeError("; ".join(report.lines[:3]))
    rng = random.Random(8)  # noqa: S311  (reproducible bench data, not secrets)
    today = now.date()
    courses = dict(session.execute(select(Course.slug, Course.id)).all())
    course_ids = [courses[f"course-{n:02d}"] for n in range(1, COURSES + 1)]
    lessons: dict[int, list[int]] = {}
    for lesson_id, course_id in session.execute(
        select(Lesson.id, Module.course_id).join(Module, Module.id == Lesson.module_id)
    ):
        lessons.setdefault(course_id, []).append(lesson_id)
    quiz_sets = dict(
        session.execute(
            select(CourseQuizzes.course_id, QuizSet.id).join(
                QuizSet, QuizSet.id == CourseQuizzes.quiz_set_id
            )
        ).all()
    )
    versions = dict(session.execute(select(QuizSet.id, QuizSet.version)).all())
    _insert(
        session,
        Department,
        [{"name": f"Department {n:02d}"} for n in range(1, DEPARTMENTS + 1)],
    )
    departments = list(session.scalars(select(Department.id)))
    hr_hash = hash_password(HR_PASSWORD)
    _insert(
        session,
        Person,
        [
            {
                "email": HR_EMAIL,
                "name": "Bench HR",
                "password_hash": hr_hash,
                "session_key": new_session_key(),
                "language": "en",
                "active": True,
                "must_change_password": False,
                "created_at": now,
            }
        ]
        + [
            {
                "email": f"person{n:05d}@example.com",
                "name": f"Person {n:05d}",
                "password_hash": None,
                "session_key": new_session_key(),
                "language": "de" if n % 4 == 0 else "en",
                "active": n % 50 != 0,  # 2 % have left
                "must_change_password": False,
                "created_at": now,
                "employee_id": f"E{n:05d}",
                "department_id": departments[n % DEPARTMENTS],
            }
            for n in range(1, PEOPLE + 1)
        ],
    )
    people = dict(session.execute(select(Person.email, Person.id)).all())
    _insert(
        session,
        PersonRole,
        [{"person_id": people[HR_EMAIL], "role": role} for role in ("learner", "hr")],
    )
    person_ids = [people[f"person{n:05d}@example.com"] for n in range(1, PEOPLE + 1)]
    pairs: list[tuple[int, int, date]] = []
    assignment_rows: list[dict[str, object]] = []
    for person_id in person_ids:
        for course_id in rng.sample(course_ids, PER_PERSON):
            assigned_on = _day(rng, today - timedelta(days=700), today)
            pairs.append((person_id, course_id, assigned_on))
            assignment_rows.append(
                {
                    "person_id": person_id,
                    "course_id": course_id,
                    "assigned_on": assigned_on,
                    "due_on": assigned_on + timedelta(days=60),
                    "due_in_days": 60,
                }
            )
    _insert(session, Assignment, assignment_rows)
    zip_course = course_ids[0]
    first = [p for p in pairs if p[1] == zip_course]
    rest = [p for p in pairs if p[1] != zip_course]
    earned = rng.sample(first, ZIP_CERTIFICATES) + rng.sample(
        rest, CERTIFICATES - ZIP_CERTIFICATES
    )
    earned_keys = {(p, c) for p, c, _ in earned}
    pdfs = _pdfs(session, template_dir, today)
    digests = {key: hashlib.sha256(pdf).hexdigest() for key, pdf in pdfs.items()}
    slugs = {course_id: slug for slug, course_id in courses.items()}
    sequences: dict[tuple[str, int], int] = {}
    certificates: list[dict[str, object]] = []
    attempts: list[dict[str, object]] = []
    progress: list[dict[str, object]] = []
    for person_id, course_id, assigned_on in sorted(earned, key=lambda e: e[2]):
        done = _day(rng, assigned_on, min(today, assigned_on + timedelta(days=90)))
        prefix = course_prefix(slugs[course_id])
        sequence = sequences[(prefix, done.year)] = (
            sequences.get((prefix, done.year), 0) + 1
        )
        score = float(rng.randint(60, 100))
        certificates.append(
            {
                "number": certificate_number(prefix, done.year, sequence),
                "prefix": prefix,
                "year": done.year,
                "sequence": sequence,
                "verification_code": new_verification_code(),
                "issue_key": f"earned:{person_id}:{course_id}:1",
                "person_id": person_id,
                "course_id": course_id,
                "holder_name": f"Person {person_id:05d}",
                "course_title": slugs[course_id],
                "language": "en",
                "score_percent": score,
                "completed_on": done,
                "issued_at": _at(done),
                "valid_until": done + timedelta(days=VALIDITY_DAYS),
                "content_version": "bench",
                "pdf_sha256": digests[course_id],
                "pdf": pdfs[course_id],
            }
        )
        attempts.append(
            {
                "public_id": secrets.token_urlsafe(12),
                "person_id": person_id,
                "course_id": course_id,
                "bank_id": "final",
                "number": 1,
                "quiz_set_id": quiz_sets[course_id],
                "content_hash": versions[quiz_sets[course_id]],
                "language": "en",
                "seed": rng.randint(0, 2**31 - 1),
                "started_at": _at(done),
                "submitted_at": _at(done) + timedelta(minutes=12),
                "finished_by": "learner",
                "points": score / 100,
                "max_points": 1.0,
                "percent": score,
                "passed": True,
            }
        )
        progress.extend(
            {
                "person_id": person_id,
                "lesson_id": lesson_id,
                "first_viewed_at": _at(assigned_on),
                "last_viewed_at": _at(done),
                "completed_at": _at(done),
            }
            for lesson_id in lessons[course_id]
        )
    for person_id, course_id, assigned_on in pairs:
        if (person_id, course_id) in earned_keys or rng.random() < 0.5:
            continue
        progress.append(
            {
                "person_id": person_id,
                "lesson_id": lessons[course_id][0],
                "first_viewed_at": _at(assigned_on),
                "last_viewed_at": _at(assigned_on),
                "completed_at": None,
            }
        )
    _insert(session, Certificate, certificates)
    _insert(session, Attempt, attempts)
    _insert(session, LessonProgress, progress)
    return Org(
        zip_course_id=zip_course,
        zip_course_slug=slugs[zip_course],
        certificates=len(certificates),
        assignments=len(assignment_rows),
        people=PEOPLE,
    )
