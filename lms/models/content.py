"""Synced course content: courses, modules, lessons, their texts per language, assets.

Rows are matched to files by slug, so learners' progress (keyed to lesson rows)
survives edits, retitling and reordering. Nothing is deleted: what leaves the
files is marked retired.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime


class Course(Base):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=0)
    final_exam: Mapped[str | None] = mapped_column(String(100))
    validity_days: Mapped[int | None] = mapped_column(Integer)
    certificate_template: Mapped[str] = mapped_column(String(100), default="default")
    # The completion rule from course.md: which parts earn the certificate.
    needs_lessons: Mapped[bool] = mapped_column(Boolean, default=True)
    needs_module_quizzes: Mapped[bool] = mapped_column(Boolean, default=True)
    needs_final_exam: Mapped[bool] = mapped_column(Boolean, default=True)
    # `final_exam_after` from course.md: what opens the final exam.
    exam_after_lessons: Mapped[bool] = mapped_column(Boolean, default=True)
    exam_after_module_quizzes: Mapped[bool] = mapped_column(Boolean, default=True)
    # `paths:` from course.md as JSON (lms.catalog.paths reads it); "[]": none.
    paths_json: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    # `refresher:` of course.md as JSON (lms.content.rules.refresher); "": none
    refresher_json: Mapped[str] = mapped_column(Text, default="", server_default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    texts: Mapped[list[CourseText]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )


class CourseText(Base):
    __tablename__ = "course_text"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")


class Module(Base):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    quiz: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    course: Mapped[Course] = relationship(back_populates="modules")
    texts: Mapped[list[ModuleText]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.position"
    )


class ModuleText(Base):
    __tablename__ = "module_text"

    module_id: Mapped[int] = mapped_column(
        ForeignKey("module.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")


class Lesson(Base):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    estimated_minutes: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    module: Mapped[Module] = relationship(back_populates="lessons")
    texts: Mapped[list[LessonText]] = relationship(cascade="all, delete-orphan")


class LessonText(Base):
    __tablename__ = "lesson_text"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    html: Mapped[str] = mapped_column(Text)
    toc_json: Mapped[str] = mapped_column(Text, default="[]")
    # The lesson's exercises (lms.content.exercises), rendered; `html` holds
    # a placeholder where each one goes.
    exercises_json: Mapped[str] = mapped_column(Text, default="[]")
    # The lesson's learning objectives in this language: a JSON list of phrases.
    objectives_json: Mapped[str] = mapped_column(Text, default="[]")


class Asset(Base):
    """A file from an ``assets/`` folder, stored so every app server serves the same."""

    __tablename__ = "asset"
    __table_args__ = (UniqueConstraint("course_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class LessonProgress(Base):
    """A person's visits to and completion of one lesson."""

    __tablename__ = "lesson_progress"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    first_viewed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_viewed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
