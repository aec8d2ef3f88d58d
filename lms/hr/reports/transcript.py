"""A person's training transcript: what it lists, and its PDF (A4 portrait)."""

from __future__ import annotations

import threading
import warnings
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from lms.certify.queries import current_certificates, status_of
from lms.certify.render import ConfinedFetcher
from lms.content.titles import course_titles
from lms.errors import NotFound
from lms.hr.reports.attempts import QuizBanks
from lms.hr.rules import assignment_status, due_date
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    Department,
    Lesson,
    LessonProgress,
    Module,
    Person,
)

STYLESHEET = "transcript.css"


@dataclass(frozen=True)
class CourseLine:
    """One course on the transcript: assigned, started, or certified."""

    title: str
    status: str  # a statuses.Status value
    assigned_on: date | None
    due_on: date | None
    completed_on: date | None
    score_percent: float | None
    certificate_number: str | None
    certificate_status: str | None  # valid | expired | revoked
    expires_on: date | None


@dataclass(frozen=True)
class QuizLine:
    """The submitted attempts of one quiz."""

    course_title: str
    quiz_title: str
    attempts: int
    best_percent: float | None
    passed: bool
    last_submitted_at: datetime | None


@dataclass(frozen=True)
class Transcript:
    person_id: int
    name: str
    email: str
    employee_id: str | None
    department: str | None
    today: date
    courses: tuple[CourseLine, ...]
    quizzes: tuple[QuizLine, ...]


def _current_certificates(session: Session, person_id: int) -> dict[int, Certificate]:
    """Per course, the current certificate (lms.certify.queries; maybe revoked)."""
    current = current_certificates(None, Certificate.person_id == person_id)
    rows = session.scalars(
        select(Certificate).join(current, current.c.id == Certificate.id)
    )
    return {certificate.course_id: certificate for certificate in rows}


def _course_line(
    title: str,
    assignment: Assignment | None,
    certificate: Certificate | None,
    started: bool,
    today: date,
) -> CourseLine:
    holds = certificate is not None and certificate.revoked_at is None
    completed_on = certificate.completed_on if certificate and holds else None
    expires_on = certificate.valid_until if certificate and holds else None
    due_on = (
        due_date(assignment.assigned_on, assignment.due_on, assignment.due_in_days)
        if assignment
        else None
    )
    status = assignment_status(
        assignment.assigned_on if assignment else date.min,
        due_on,
        started,
        completed_on,
        expires_on,
        today,
    )
    return CourseLine(
        title=title,
        status=status.value,
        assigned_on=assignment.assigned_on if assignment else None,
        due_on=due_on,
        completed_on=completed_on,
        score_percent=certificate.score_percent if certificate and holds else None,
        certificate_number=certificate.number if certificate else None,
        certificate_status=(
            status_of(certificate, today).value if certificate else None
        ),
        expires_on=expires_on,
    )


def build_transcript(session: Session, person_id: int, today: date) -> Transcript:
    """Everything the transcript shows, in a fixed number of queries."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("person")
    department = (
        session.scalar(
            select(Department.name).where(Department.id == person.department_id)
        )
        if person.department_id
        else None
    )
    assignments = {
        a.course_id: a
        for a in session.scalars(
            select(Assignment).where(Assignment.person_id == person_id)
        )
    }
    certificates = _current_certificates(session, person_id)
    attempts = list(
        session.scalars(
            select(Attempt)
            .where(Attempt.person_id == person_id, Attempt.submitted_at.is_not(None))
            .order_by(Attempt.course_id, Attempt.bank_id, Attempt.number)
        )
    )
    started = set(
        session.scalars(
            select(Module.course_id)
            .join(Lesson, Lesson.module_id == Module.id)
            .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
            .where(LessonProgress.person_id == person_id)
            .distinct()
        )
    ) | {attempt.course_id for attempt in attempts}
    course_ids = set(assignments) | set(certificates) | started
    titles = course_titles(session, person.language, course_ids)
    courses = sorted(
        (
            _course_line(
                titles.get(course_id, "?"),
                assignments.get(course_id),
                certificates.get(course_id),
                course_id in started,
                today,
            )
            for course_id in course_ids
        ),
        key=lambda line: line.title.casefold(),
    )
    return Transcript(
        person_id=person.id,
        name=person.name,
        email=person.email,
        employee_id=person.employee_id,
        department=department,
        today=today,
        courses=tuple(courses),
        quizzes=tuple(_quiz_lines(session, attempts, titles)),
    )


def _quiz_lines(
    session: Session, attempts: list[Attempt], titles: dict[int, str]
) -> list[QuizLine]:
    banks = QuizBanks(session)
    grouped: dict[tuple[int, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        grouped[(attempt.course_id, attempt.bank_id)].append(attempt)
    lines = []
    for (course_id, bank_id), group in grouped.items():
        last = group[-1]
        quiz_title, _questions = banks.get(
            last.quiz_set_id, course_id, bank_id, last.language
        )
        percents = [a.percent for a in group if a.percent is not None]
        lines.append(
            QuizLine(
                course_title=titles.get(course_id, "?"),
                quiz_title=quiz_title,
                attempts=len(group),
                best_percent=max(percents) if percents else None,
                passed=any(a.passed for a in group),
                last_submitted_at=max(
                    (a.submitted_at for a in group if a.submitted_at), default=None
                ),
            )
        )
    lines.sort(key=lambda line: (line.course_title.casefold(), line.quiz_title))
    return lines


@dataclass(frozen=True)
class _Prepared:
    fetcher: ConfinedFetcher
    font_config: FontConfiguration
    stylesheet: CSS
    lock: threading.Lock  # Pango state is not documented as thread-safe


_prepared: dict[Path, _Prepared] = {}
_prepared_lock = threading.Lock()


def _prepare(root: Path) -> _Prepared:
    with _prepared_lock:
        prepared = _prepared.get(root)
        if prepared is None:
            fetcher = ConfinedFetcher(root)
            font_config = FontConfiguration()
            stylesheet = CSS(
                url=fetcher.base_url + STYLESHEET,
                url_fetcher=fetcher,
                font_config=font_config,
            )
            prepared = _Prepared(fetcher, font_config, stylesheet, threading.Lock())
            _prepared[root] = prepared
        return prepared


def transcript_pdf(html: str, template_dir: Path) -> bytes:
    """Render transcript HTML to PDF with only the files in ``template_dir``.

    ``template_dir`` is the certificates folder: transcript.css and the fonts
    live there, and nothing outside it (or on the network) can be fetched.
    """
    prepared = _prepare(template_dir.resolve(strict=True))
    document = HTML(
        string=html,
        base_url=prepared.fetcher.base_url,
        url_fetcher=prepared.fetcher,
    )
    with prepared.lock, warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning
        )
        pdf: bytes = document.write_pdf(
            stylesheets=[prepared.stylesheet], font_config=prepared.font_config
        )
    return pdf
