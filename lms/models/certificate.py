"""Issued certificates (with their stored PDF) and the audit log of HR actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from lms.db import Base, UtcDateTime


class Certificate(Base):
    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("prefix", "year", "sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    prefix: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    verification_code: Mapped[str] = mapped_column(String(24), unique=True)
    # What made this certificate due (the passing final attempt, or a re-issue
    # of another certificate): unique, so it is issued exactly once.
    issue_key: Mapped[str] = mapped_column(String(100), unique=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    holder_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2))
    score_percent: Mapped[float | None] = mapped_column(Float)
    completed_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_until: Mapped[date | None] = mapped_column(Date)
    content_version: Mapped[str] = mapped_column(String(64))
    # The learning path completed (id, and title in the certificate's language);
    # None: the whole course (a course without paths, or an older certificate).
    path_id: Mapped[str | None] = mapped_column(String(50))
    path_title: Mapped[str | None] = mapped_column(String(300))
    pdf_sha256: Mapped[str] = mapped_column(String(64), index=True)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # The certificate's bit in the revocation status list (lms.badges).
    status_index: Mapped[int | None] = mapped_column(Integer, unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    # HR chose to show the reason on the public verify page.
    revoked_reason_public: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """Who did what, when and why: one row per HR or admin action."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    details_json: Mapped[str] = mapped_column(Text, default="{}")
