"""A course's title in a language: the one rule, for one course, many, or SQL.

The title is the course's text in the language asked for when the course has
one, else the text in the course's own language. Every page, export, reminder
and certificate takes course titles from here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from lms.i18n import in_language as in_language
from lms.models import Course, CourseText

# A select of any columns (Select is generic over its column types).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"


def pick_title(texts: Mapping[str, str], language: str | None, own: str) -> str:
    """From titles by language, the one in ``language``, else in ``own``."""
    return in_language(texts, language, own)


def course_title(course: Course, language: str | None) -> str:
    """The title of a loaded course (its texts are loaded on first use)."""
    return pick_title(
        {t.language: t.title for t in course.texts}, language, course.language
    )


def course_titles(
    session: Session, language: str | None, course_ids: Collection[int] | None = None
) -> dict[int, str]:
    """Course id -> title in ``language``, for the given courses or all, one query."""
    statement = select(
        CourseText.course_id, CourseText.language, CourseText.title, Course.language
    ).join(Course, Course.id == CourseText.course_id)
    if course_ids is not None:
        statement = statement.where(CourseText.course_id.in_(list(course_ids)))
    texts: dict[int, dict[str, str]] = {}
    own: dict[int, str] = {}
    for course_id, text_language, title, own_language in session.execute(statement):
        texts.setdefault(course_id, {})[text_language] = title
        own[course_id] = own_language
    return {
        course_id: pick_title(by_language, language, own[course_id])
        for course_id, by_language in texts.items()
    }


def join_title(
    statement: AnySelect, language: str | None
) -> tuple[AnySelect, ColumnElement[str]]:
    """Join a statement that selects from Course to the texts it needs; returns
    it and the title column (in ``language``, else the course's own)."""
    own = aliased(CourseText)
    statement = statement.join(
        own, and_(own.course_id == Course.id, own.language == Course.language)
    )
    if not language:
        return statement, own.title.expression
    local = aliased(CourseText)
    statement = statement.outerjoin(
        local, and_(local.course_id == Course.id, local.language == language)
    )
    return statement, func.coalesce(local.title, own.title)
