"""Issuing, renewing, revoking, re-issuing and verifying certificates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.catalog.services import progress_for
from lms.catalog.structure import course_structure, find_course_ref
from lms.certify.codes import (
    certificate_number,
    course_prefix,
    new_verification_code,
    normalize_code,
)
from lms.certify.pdfcheck import pdf_sha256
from lms.certify.render import CertificateData, render_certificate
from lms.db import utcnow
from lms.errors import NotFound, ValidationError
from lms.models import Attempt, AuditEntry, Certificate, Course, Module, Person
from lms.quiz.attempts import quiz_statuses

RENEWAL_WINDOW = timedelta(days=30)
_ATTEMPTS_TO_NUMBER = 5


@dataclass(frozen=True)
class Completion:
    lessons_done: int
    lessons_total: int
    quizzes_missing: tuple[str, ...]
    final_exam: str | None
    final_passed: Attempt | None
    needs_lessons: bool = True
    needs_final_exam: bool = True

    @property
    def met(self) -> bool:
        return (
            (not self.needs_lessons or self.lessons_done >= self.lessons_total)
            and not self.quizzes_missing
            and (not self.needs_final_exam or self.final_passed is not None)
        )


def completion(session: Session, person: Person, course: Course) -> Completion:
    """The default rule: all lessons done, all quizzes and the final exam passed."""
    ref = find_course_ref(session, course.slug)
    if ref is None:
        raise NotFound("course")
    structure = course_structure(session, ref, person.language)
    progress = progress_for(session, person, structure)
    statuses = quiz_statuses(session, person, course.id)
    module_quizzes = session.scalars(
        select(Module.quiz).where(
            Module.course_id == course.id,
            Module.retired_at.is_(None),
            Module.quiz.is_not(None),
        )
    ).all()
    missing = tuple(
        q
        for q in module_quizzes
        if q
        and course.needs_module_quizzes
        and not (q in statuses and statuses[q].passed)
    )
    final_passed = None
    if course.final_exam:
        final_passed = session.scalar(
            select(Attempt)
            .where(
                Attempt.person_id == person.id,
                Attempt.course_id == course.id,
                Attempt.bank_id == course.final_exam,
                Attempt.passed.is_(True),
            )
            .order_by(Attempt.submitted_at.desc())
            .limit(1)
        )
    return Completion(
        progress.done,
        progress.total,
        missing,
        course.final_exam,
        final_passed,
        needs_lessons=course.needs_lessons,
        needs_final_exam=course.needs_final_exam and bool(course.final_exam),
    )


def current_certificate(
    session: Session, person_id: int, course_id: int
) -> Certificate | None:
    """The newest certificate of a person for a course that nothing replaced."""
    return session.scalar(
        select(Certificate)
        .where(
            Certificate.person_id == person_id,
            Certificate.course_id == course_id,
            Certificate.superseded_by_id.is_(None),
        )
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )


def renewal_opens(certificate: Certificate) -> date | None:
    if certificate.valid_until is None:
        return None
    return certificate.valid_until - RENEWAL_WINDOW


def maybe_issue(
    session: Session,
    person: Person,
    course: Course,
    now: datetime,
    *,
    base_url: str,
    template_dir: Path,
) -> Certificate | None:
    """Issue a certificate the moment the rule is met; exactly once per occasion.

    A first certificate needs the rule met. A renewal needs a passed final exam
    taken once the renewal window opened (30 days before expiry, or later). A
    revoked certificate is never replaced automatically: HR decides.
    """
    state = completion(session, person, course)
    if not state.met:
        return None
    current = current_certificate(session, person.id, course.id)
    generation = 1
    if current is not None:
        if current.revoked_at is not None:
            return None
        opens = renewal_opens(current)
        passed = state.final_passed
        if opens is None or passed is None or passed.submitted_at is None:
            return None
        if (
            passed.submitted_at.date() < opens
            or passed.submitted_at <= current.issued_at
        ):
            return None
        generation = 1 + (
            session.scalar(
                select(func.count(Certificate.id)).where(
                    Certificate.person_id == person.id,
                    Certificate.course_id == course.id,
                    Certificate.issue_key.not_like("reissue:%"),
                )
            )
            or 0
        )
    key = f"earned:{person.id}:{course.id}:{generation}"
    score = state.final_passed.percent if state.final_passed else None
    completed_on = now.date()
    valid_until = (
        completed_on + timedelta(days=course.validity_days)
        if course.validity_days
        else None
    )
    certificate = _issue(
        session,
        person.name,
        person,
        course,
        key,
        score,
        completed_on,
        valid_until,
        now,
        base_url,
        template_dir,
    )
    if certificate is not None and current is not None:
        current.superseded_by_id = certificate.id
        current.superseded_at = now
        session.flush()
    return certificate


def _course_title(course: Course, language: str) -> str:
    texts = {t.language: t.title for t in course.texts}
    return texts.get(language) or texts[course.language]


def _issue(
    session: Session,
    holder: str,
    person: Person,
    course: Course,
    key: str,
    score: float | None,
    completed_on: date,
    valid_until: date | None,
    now: datetime,
    base_url: str,
    template_dir: Path,
) -> Certificate | None:
    prefix = course_prefix(course.slug)
    language = person.language
    for _try in range(_ATTEMPTS_TO_NUMBER):
        sequence = 1 + (
            session.scalar(
                select(func.max(Certificate.sequence)).where(
                    Certificate.prefix == prefix, Certificate.year == now.year
                )
            )
            or 0
        )
        code = new_verification_code()
        data = CertificateData(
            holder_name=holder,
            course_title=_course_title(course, language),
            completed_on=completed_on,
            score_percent=score,
            valid_until=valid_until,
            number=certificate_number(prefix, now.year, sequence),
            verification_code=code,
            verify_url=f"{base_url}/verify/{code}",
            content_version=course.content_hash[:12],
            language=language,  # type: ignore[arg-type]
            issued_at=now,
        )
        pdf = render_certificate(data, template_dir, course.certificate_template)
        certificate = Certificate(
            number=data.number,
            prefix=prefix,
            year=now.year,
            sequence=sequence,
            verification_code=code,
            issue_key=key,
            person_id=person.id,
            course_id=course.id,
            holder_name=holder,
            course_title=data.course_title,
            language=language,
            score_percent=score,
            completed_on=completed_on,
            issued_at=now,
            valid_until=valid_until,
            content_version=data.content_version,
            pdf_sha256=pdf_sha256(pdf),
            pdf=pdf,
        )
        try:
            with session.begin_nested():
                session.add(certificate)
        except IntegrityError:
            if session.scalar(
                select(Certificate.id).where(Certificate.issue_key == key)
            ):
                return None  # another request issued it a moment ago
            continue  # the number was taken concurrently: take the next
        return certificate
    raise RuntimeError("could not allocate a certificate number")


def audit(
    session: Session,
    actor: Person | None,
    action: str,
    target: str,
    reason: str = "",
    details: dict[str, object] | None = None,
    now: datetime | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=now or utcnow(),
            actor_id=actor.id if actor else None,
            action=action,
            target=target,
            reason=reason,
            details_json=json.dumps(details or {}, sort_keys=True, default=str),
        )
    )


def revoke(
    session: Session,
    actor: Person,
    certificate: Certificate,
    reason: str,
    now: datetime,
) -> None:
    if not reason.strip():
        raise ValidationError("Give a reason.", "reason")
    if certificate.revoked_at is None:
        certificate.revoked_at = now
        certificate.revoked_reason = reason.strip()
        audit(
            session,
            actor,
            "certificate.revoke",
            certificate.number,
            reason.strip(),
            now=now,
        )
        session.flush()


def reissue(
    session: Session,
    actor: Person,
    certificate: Certificate,
    holder_name: str,
    reason: str,
    now: datetime,
    *,
    base_url: str,
    template_dir: Path,
) -> Certificate:
    """A corrected copy: new PDF and code, the same validity; the old one superseded."""
    name = " ".join(holder_name.split())
    if not name:
        raise ValidationError("Enter the name as it should appear.", "holder_name")
    if not reason.strip():
        raise ValidationError("Give a reason.", "reason")
    if certificate.superseded_by_id is not None or certificate.revoked_at is not None:
        raise ValidationError("Only a current certificate can be re-issued.", "reason")
    person = session.get(Person, certificate.person_id)
    course = session.get(Course, certificate.course_id)
    if person is None or course is None:
        raise NotFound("certificate")
    new = _issue(
        session,
        name,
        person,
        course,
        f"reissue:{certificate.id}:{now.isoformat()}",
        certificate.score_percent,
        certificate.completed_on,
        certificate.valid_until,
        now,
        base_url,
        template_dir,
    )
    if new is None:
        raise ValidationError("The certificate was re-issued a moment ago.", "reason")
    certificate.superseded_by_id = new.id
    certificate.superseded_at = now
    audit(
        session,
        actor,
        "certificate.reissue",
        certificate.number,
        reason.strip(),
        {"new_number": new.number, "holder_name": name},
        now=now,
    )
    session.flush()
    return new


def find_by_code(session: Session, text: str) -> Certificate | None:
    """The certificate for a typed code; a code failing its check is never looked up."""
    code = normalize_code(text)
    if code is None:
        return None
    return session.scalar(
        select(Certificate).where(Certificate.verification_code == code)
    )


def find_by_pdf(session: Session, data: bytes) -> Certificate | None:
    digest = pdf_sha256(data)
    return session.scalar(select(Certificate).where(Certificate.pdf_sha256 == digest))


def certificates_of(session: Session, person: Person) -> list[Certificate]:
    return list(
        session.scalars(
            select(Certificate)
            .where(Certificate.person_id == person.id)
            .order_by(Certificate.issued_at.desc())
        )
    )


def own_certificate(session: Session, person: Person, number: str) -> Certificate:
    certificate = session.scalar(
        select(Certificate).where(
            Certificate.number == number, Certificate.person_id == person.id
        )
    )
    if certificate is None:
        raise NotFound("certificate")
    return certificate


@dataclass(frozen=True)
class Issuer:
    """What issuing needs from the configuration, passed in by the views."""

    base_url: str
    template_dir: Path

    def issue_if_due(
        self, session: Session, person: Person, course_id: int, now: datetime
    ) -> Certificate | None:
        course = session.get(Course, course_id)
        if course is None or not course.published:
            return None
        return maybe_issue(
            session,
            person,
            course,
            now,
            base_url=self.base_url,
            template_dir=self.template_dir,
        )
