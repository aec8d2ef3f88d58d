"""Scenario 4: issuing a certificate (rule check, render, storage) next to a bare render.

Both are measured in this process, in the same run, on the same template: the
median of issuing for learners who just met the rule, and the median of
rendering the same certificate data with WeasyPrint alone.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.results import Figure
from bench.server import ROOT
from lms import create_app
from lms.auth.services import create_person
from lms.catalog.completion import completion, final_exam_of, path_of
from lms.certify.render import CertificateData, render_certificate
from lms.certify.services import maybe_issue
from lms.db import get_database, utcnow
from lms.migrate import upgrade
from lms.models import Course, Lesson, LessonProgress, Module, Person
from lms.quiz import attempts as quiz
from lms.quiz.engine.draw import drawn_questions
from lms.sync import sync_all

LEARNERS = 15
COURSE = "customer-service-essentials"


def complete_course(session: Session, person: Person, course: Course) -> None:
    now = utcnow()
    for lesson_id in session.scalars(
        select(Lesson.id).join(Module).where(Module.course_id == course.id)
    ):
        session.add(
            LessonProgress(
                person_id=person.id,
                lesson_id=lesson_id,
                first_viewed_at=now,
                last_viewed_at=now,
                completed_at=now,
            )
        )
    # the final exam of the learner's path (the course's own without paths)
    exam = final_exam_of(course, path_of(session, person, course))
    banks = [m.quiz for m in course.modules if m.quiz] + ([exam] if exam else [])
    for bank in banks:
        attempt = quiz.start_attempt(session, person, COURSE, bank, now)
        _bank, items = quiz.drawn_items(session, attempt)
        values, shown = {}, []
        for drawn in drawn_questions(items):
            question = drawn.question
            shown.append(question.id)
            field = f"a-{question.id}"
            if question.choices:
                values[field] = [c.id for c in question.choices if c.correct][:1]
                if question.type == "multiple":
                    values[field] = [c.id for c in question.choices if c.correct]
            elif question.type == "ordering":
                for position, item in enumerate(question.items, start=1):
                    values[f"{field}-{item.id}"] = [str(position)]
            elif question.type == "matching":
                for pair in question.pairs:
                    if pair.left_id:
                        values[f"{field}-{pair.left_id}"] = [pair.right_id]
            elif question.accepted:
                values[field] = [question.accepted[0].text]
        fields = quiz.page_fields(attempt, items, values)
        quiz.save_answers(session, person, attempt.public_id, fields, shown, now)
        quiz.submit_attempt(session, person, attempt.public_id, now)
    session.commit()


def run(workdir: Path) -> list[Figure]:
    folder = workdir / "certificate"
    folder.mkdir()
    url = f"sqlite:///{folder}/bench.sqlite3"
    upgrade(url)
    app = create_app(
        {"LMS_DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder)}
    )
    template_dir = ROOT / "certificates"
    issue_times: list[float] = []
    with app.app_context():
        session = get_database(app).sessionmaker()
        report = sync_all(session, ROOT / "courses", ROOT / "quizzes", utcnow())
        if not report.ok:
            raise RuntimeError("; ".join(report.lines[:3]))
        session.commit()
        course = session.scalars(select(Course).where(Course.slug == COURSE)).one()
        for n in range(LEARNERS):
            person = create_person(
                session,
                email=f"c{n}@example.com",
                name=f"Learner {n}",
                roles=["learner"],
                password="violet tractor under moonlight",
            )
            session.commit()
            complete_course(session, person, course)
            started = time.perf_counter()
            certificate = maybe_issue(
                session,
                person,
                course,
                completion(session, person, course),
                utcnow(),
                base_url="http://127.0.0.1:5000",
                template_dir=template_dir,
            )
            session.commit()
            issue_times.append(time.perf_counter() - started)
            if certificate is None:
                raise RuntimeError("no certificate issued")
        session.close()
    data = CertificateData(
        holder_name="Learner 1",
        course_title="Customer Service Essentials",
        completed_on=utcnow().date(),
        score_percent=95.0,
        valid_until=utcnow().date(),
        number="CSE-2026-000001",
        verification_code="Q7K2-M9XD-4HPR-3",
        verify_url="http://127.0.0.1:5000/verify/Q7K2-M9XD-4HPR-3",
        content_version="abcdef012345",
        language="en",
        issued_at=utcnow(),
    )
    render_certificate(
        data, template_dir
    )  # warm, as issuing was warmed by its first run
    render_times = []
    for _n in range(LEARNERS):
        started = time.perf_counter()
        render_certificate(data, template_dir)
        render_times.append(time.perf_counter() - started)
    issue_ms = statistics.median(issue_times[1:]) * 1000
    render_ms = statistics.median(render_times) * 1000
    return [
        Figure(
            scenario="certificate",
            name="issue (rule, render, store), median",
            unit="ms",
            value=issue_ms,
            baseline=render_ms,
            ratio=issue_ms / render_ms,
            details={
                "learners": LEARNERS,
                "baseline": "bare WeasyPrint render, median",
                "first_issue_ms": round(issue_times[0] * 1000, 1),
            },
        ),
    ]
