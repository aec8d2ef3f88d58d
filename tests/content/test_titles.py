"""A course's title in a language: the pure rule, the bulk form and the SQL form
give the same answer for every course and language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.titles import course_title, course_titles, join_title, pick_title
from lms.db import get_database
from lms.models import Course
from tests.hr.helpers import course_id, second_course


def test_pick_title_prefers_the_language_then_the_course_own() -> None:
    texts = {"en": "Customer Service", "de": "Kundenservice"}
    assert pick_title(texts, "de", "en") == "Kundenservice"
    assert pick_title(texts, "fr", "en") == "Customer Service"
    assert pick_title(texts, None, "en") == "Customer Service"
    assert pick_title({"de": "Brandschutz"}, "en", "de") == "Brandschutz"


@pytest.fixture
def session(app: Any, synced: Any) -> Iterator[Session]:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


@pytest.mark.parametrize("language", [None, "en", "de", "fr"])
def test_the_three_forms_agree(session: Session, language: str | None) -> None:
    second_course(session, "Fire safety")  # English only
    bulk = course_titles(session, language)
    statement, title = join_title(select(Course.id), language)
    rows = session.execute(statement.add_columns(title)).all()
    in_sql = {row[0]: row[1] for row in rows}
    one_by_one = {
        course.id: course_title(course, language)
        for course in session.scalars(select(Course))
    }
    assert bulk == in_sql == one_by_one
    cse = course_id(session)
    assert bulk[cse] == ("Kundenservice" if language == "de" else "Customer Service")
