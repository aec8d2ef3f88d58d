"""The names behind the ids in audit entries, looked up when the log is read.

Entries store ids and slugs (a person id, a course slug); the log shows names
as they are now, in the reader's language. Whatever was deleted since keeps
the name the entry stored (its target), so a line never breaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit.log import AuditLine
from lms.i18n import in_language
from lms.models import Course, CourseText, Person


@dataclass(frozen=True)
class Names:
    """People by id and course titles by slug, for a batch of entries."""

    people: dict[int, str] = field(default_factory=dict)
    courses: dict[str, str] = field(default_factory=dict)

    def person(self, person_id: object, fallback: str) -> str:
        if isinstance(person_id, int) and person_id in self.people:
            return self.people[person_id]
        return fallback

    def course(self, slug: object) -> str:
        text = str(slug or "")
        return self.courses.get(text, text)


def _person_ids(lines: Iterable[AuditLine]) -> set[int]:
    found = set()
    for line in lines:
        person_id = line.details.get("person_id")
        if isinstance(person_id, int):
            found.add(person_id)
    return found


def _course_slugs(lines: Iterable[AuditLine]) -> set[str]:
    return {
        str(line.details["course"])
        for line in lines
        if isinstance(line.details.get("course"), str)
    }


def find_names(
    session: Session, lines: Iterable[AuditLine], language: str | None
) -> Names:
    """The names the lines mention, in two queries whatever their number."""
    lines = list(lines)
    people: dict[int, str] = {}
    if ids := _person_ids(lines):
        found = session.execute(
            select(Person.id, Person.name).where(Person.id.in_(ids))
        )
        people = dict(found.all())
    courses: dict[str, str] = {}
    if slugs := _course_slugs(lines):
        texts: dict[str, dict[str, str]] = {}
        own: dict[str, str] = {}
        rows = session.execute(
            select(Course.slug, Course.language, CourseText.language, CourseText.title)
            .join(CourseText, CourseText.course_id == Course.id)
            .where(Course.slug.in_(slugs))
        )
        for slug, own_language, text_language, title in rows:
            texts.setdefault(slug, {})[text_language] = title
            own[slug] = own_language
        courses = {
            slug: in_language(by_language, language, own[slug])
            for slug, by_language in texts.items()
            if own[slug] in by_language
        }
    return Names(people, courses)
