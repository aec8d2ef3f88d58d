"""Issuing, renewing, revoking, re-issuing and verifying certificates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.certify.codes import (
    certificate_number,
    course_prefix,
    new_verification_code,
    normalize_code,
)
from lms.certify.localtime import local_day
from lms.certify.pdfcheck import pdf_sha256
from lms.certify.press import Press, as_press, learned
from lms.certify.queries import current_certificate, renewal_opens
from lms.certify.render import CertificateData, signed_credential
from lms.content.rules.paths import load_paths
from lms.content.schema import LearningPath
from lms.content.titles import course_title
from lms.errors import NotFound, ValidationError
from lms.models import Certificate, Course, Person

_ATTEMPTS_TO_NUMBER = 5


class PassedExam(Protocol):
    """What issuing reads of the passed final exam (``lms.models.Attempt``)."""

    @property
    def submitted_at(self) -> datetime | None: ...

    @property
    def percent(self) -> float | None: ...


class CompletionState(Protocol):
    """The completion rule's verdict (``lms.catalog.completion.Completion``)."""

    @property
    def met(self) -> bool: ...

    @property
    def path(self) -> LearningPath | None: ...

    @property
    def final_passed(self) -> PassedExam | None: ...


def is_due(state: CompletionState, current: Certificate | None) -> bool:
    """Whether meeting the rule now earns a certificate.

    A first certificate needs the rule met. A renewal needs a passed final exam
    taken once the renewal window opened (30 days before expiry, or later) and
    after the current certificate. A revoked certificate is never replaced
    automatically: HR decides.
    """
    if not state.met:
        return False
    if current is None:
        return True
    opens = renewal_opens(current)
    passed = state.final_passed
    return (
        current.revoked_at is None
        and opens is not None
        and passed is not None
        and passed.submitted_at is not None
        and passed.submitted_at.date() >= opens
        and passed.submitted_at > current.issued_at
    )


def maybe_issue(
    session: Session,
    person: Person,
    course: Course,
    state: CompletionState,
    now: datetime,
    *,
    base_url: str,
    template_dir: Path | Press,
    time_zone: str = "UTC",
) -> Certificate | None:
    """Issue a certificate the moment the rule is met; exactly once per occasion.

    ``state`` is the completion rule's verdict for the person and course, which
    the caller works out (the rule lives above certify, in catalog.completion).
    """
    current = current_certificate(session, person.id, course.id)
    if not is_due(state, current):
        return None
    generation = 1
    if current is not None:
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
    completed_on = local_day(now, time_zone)
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
        state.path,
        time_zone,
    )
    if certificate is not None and current is not None:
        current.superseded_by_id = certificate.id
        current.superseded_at = now
        session.flush()
    return certificate


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
    template_dir: Path | Press,
    path: LearningPath | str | None = None,
    time_zone: str = "UTC",
) -> Certificate | None:
    """path: the one completed, or the title of one no longer in the course.

    The number's year is the year of ``now`` in ``time_zone``.
    """
    prefix = course_prefix(course.slug)
    year = local_day(now, time_zone).year
    language = person.language
    path_title = (
        path.title(language, course.language)
        if isinstance(path, LearningPath)
        else path
    )
    press = as_press(template_dir)
    modules, minutes = learned(
        course, language, path.modules if isinstance(path, LearningPath) else None
    )
    for _try in range(_ATTEMPTS_TO_NUMBER):
        sequence = 1 + (
            session.scalar(
                select(func.max(Certificate.sequence)).where(
                    Certificate.prefix == prefix, Certificate.year == year
                )
            )
            or 0
        )
        code = new_verification_code()
        top_index = session.scalar(select(func.max(Certificate.status_index)))
        status_index = 1 + (top_index or 0)
        data = CertificateData(
            holder_name=holder,
            course_title=course_title(course, language),
            completed_on=completed_on,
            score_percent=score,
            valid_until=valid_until,
            number=certificate_number(prefix, year, sequence),
            verification_code=code,
            verify_url=f"{base_url}/verify/{code}",
            content_version=course.content_hash[:12],
            language=language,  # type: ignore[arg-type]
            issued_at=now,
            path_title=path_title,
            time_zone=time_zone,
            modules=modules,
            estimated_minutes=minutes,
        )
        data = press.with_issuer(data)
        pdf = press.make(
            data,
            course.certificate_template,
            credential=signed_credential(data, status_index, course.slug),
        )
        certificate = Certificate(
            number=data.number,
            prefix=prefix,
            year=year,
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
            path_id=path.id if isinstance(path, LearningPath) else None,
            path_title=path_title,
            pdf_sha256=pdf_sha256(pdf),
            pdf=pdf,
            status_index=status_index,
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


def revoke(
    session: Session,
    actor: Person,
    certificate: Certificate,
    reason: str,
    now: datetime,
    *,
    publish_reason: bool = False,
) -> None:
    """Revoke; ``publish_reason``: HR chose to show the reason when verified."""
    if not reason.strip():
        raise ValidationError("Give a reason.", "reason")
    if certificate.revoked_at is None:
        certificate.revoked_at = now
        certificate.revoked_reason = reason.strip()
        certificate.revoked_reason_public = publish_reason
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
    template_dir: Path | Press,
    time_zone: str = "UTC",
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
        _path_again(course, certificate),
        time_zone,
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


def _path_again(course: Course, certificate: Certificate) -> LearningPath | str | None:
    """The path of a re-issued certificate: from the course if it still has it."""
    if certificate.path_id is None:
        return None
    found = next(
        (p for p in load_paths(course.paths_json) if p.id == certificate.path_id),
        None,
    )
    return found or certificate.path_title


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
    template_dir: Path | Press
    time_zone: str = "UTC"

    def issue(
        self,
        session: Session,
        person: Person,
        course: Course,
        state: CompletionState,
        now: datetime,
    ) -> Certificate | None:
        return maybe_issue(
            session,
            person,
            course,
            state,
            now,
            base_url=self.base_url,
            template_dir=self.template_dir,
            time_zone=self.time_zone,
        )
