"""A course with learning paths: who takes which path, what completes it, the
certificate that names it, and which certificate satisfies which assignment."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.catalog.completion import completion
from lms.db import get_database, utcnow
from lms.hr.assignments import assign_course
from lms.hr.matrix import assignment_states
from lms.hr.path_sql import path_tables
from lms.hr.rules import Status
from lms.hr.status_sql import live_assignments_with_status
from lms.models import Assignment, Course, Lesson, LessonProgress, Module, Person
from tests.certify.helpers import issue, pass_quiz
from tests.content.course_tree import COURSE
from tests.fixtures.content import bank
from tests.hr.helpers import department, person

NOW = utcnow().replace(microsecond=0)
PATHS = (
    "paths:\n"
    "  - id: core\n"
    "    title: Core for everyone\n"
    "    modules: [basics]\n"
    "    final_exam: core-final\n"
    "  - id: full\n"
    "    title: Service staff\n"
    "    modules: all\n"
    "    departments: [Customer Service]\n"
)


@pytest.fixture
def course(sync: Any) -> None:
    course_md = str(COURSE["courses/cse/course.md"]).replace(
        "  template: default\n", "  template: default\n" + PATHS, 1
    )
    report = sync(
        {
            "courses/cse/course.md": course_md,
            "courses/cse/course.de.md": (
                "---\ntitle: Kundenservice\nsummary: Grundlagen.\n"
                "path_titles: {core: Kern für alle}\n---\nWillkommen.\n"
            ),
            "quizzes/cse/core-final.md": bank(
                "core-final", "Core exam", "include: [basics]\n"
            ),
        }
    )
    assert report.ok, report.lines


@pytest.fixture
def session(app: Any, course: None) -> Any:
    made = get_database(app).sessionmaker()
    yield made
    made.close()


def learner(session: Any, department_name: str | None = None) -> Person:
    dept = department(session, department_name) if department_name else None
    made = person(session, "Zoë Core", dept=dept)
    session.commit()
    return made


def do_core(session: Any, person: Person) -> None:
    """Every lesson and quiz of the core path, and the core final exam."""
    lessons = session.scalars(
        select(Lesson.id).join(Module).where(Module.slug == "basics")
    )
    for lesson_id in lessons:
        session.add(
            LessonProgress(
                person_id=person.id,
                lesson_id=lesson_id,
                first_viewed_at=NOW,
                last_viewed_at=NOW,
                completed_at=NOW,
            )
        )
    session.commit()
    pass_quiz(session, person, "basics", NOW)
    pass_quiz(session, person, "core-final", NOW)


def the_course(session: Any) -> Course:
    return session.scalar(select(Course).where(Course.slug == "cse"))


def test_core_learner_is_certified_after_the_core_only(
    session: Any, client: Any, tmp_path: Path
) -> None:
    person = learner(session)
    do_core(session, person)
    certificate = issue(session, person, NOW)
    assert certificate is not None
    assert (certificate.path_id, certificate.path_title) == (
        "core",
        "Core for everyone",
    )
    (tmp_path / "c.pdf").write_bytes(certificate.pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "c.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "PATH" in text.upper()
    assert "Core for everyone" in text
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Path" in page
    assert "Core for everyone" in page


def test_a_german_certificate_has_the_german_path_title(session: Any) -> None:
    person = learner(session)
    person.language = "de"
    session.commit()
    do_core(session, person)
    certificate = issue(session, person, NOW)
    assert certificate is not None
    assert certificate.path_title == "Kern für alle"


def test_service_staff_are_not_done_after_the_core(session: Any) -> None:
    person = learner(session, "Customer Service")
    do_core(session, person)
    state = completion(session, person, the_course(session))
    assert state.path is not None
    assert state.path.id == "full"
    assert not state.met
    assert state.quizzes_missing == ("advanced",)
    assert issue(session, person, NOW) is None


def test_hr_choosing_the_service_path_overrides_the_department(session: Any) -> None:
    person = learner(session, "Accounting")
    course = the_course(session)
    assign_course(
        session,
        None,
        course_id=course.id,
        target="people",
        identifiers=person.email,
        due_in_days=30,
        path="full",
        today=NOW.date(),
        now=NOW,
    )
    session.commit()
    do_core(session, person)
    assert completion(session, person, course).path.id == "full"  # type: ignore[union-attr]
    assert issue(session, person, NOW) is None


def test_hr_cannot_choose_a_path_the_course_lacks(session: Any) -> None:
    from lms.errors import ValidationError

    person = learner(session)
    with pytest.raises(ValidationError, match="path of this course"):
        assign_course(
            session,
            None,
            course_id=the_course(session).id,
            target="people",
            identifiers=person.email,
            due_in_days=30,
            path="nope",
            today=NOW.date(),
            now=NOW,
        )


def _status_by_person(session: Any, today: date) -> dict[int, tuple[Status, str]]:
    python = {
        state.row.person_id: (state.row.status, state.row.path)
        for state in assignment_states(session, today=today)
    }
    sql_rows = session.execute(
        live_assignments_with_status(today, paths=path_tables(session)).add_columns(
            Assignment.person_id
        )
    ).all()
    sql = {row.person_id: Status(row.status) for row in sql_rows}
    assert sql == {person: status for person, (status, _p) in python.items()}
    return python


def test_a_core_certificate_does_not_satisfy_a_service_assignment(
    session: Any,
) -> None:
    course = the_course(session)
    core_holder = learner(session)
    do_core(session, core_holder)
    assert issue(session, core_holder, NOW) is not None
    full_holder = learner(session, "Customer Service")
    do_core(session, full_holder)
    pass_quiz(session, full_holder, "advanced", NOW)
    session.add(
        LessonProgress(
            person_id=full_holder.id,
            lesson_id=session.scalar(
                select(Lesson.id).join(Module).where(Module.slug == "advanced")
            ),
            first_viewed_at=NOW,
            last_viewed_at=NOW,
            completed_at=NOW,
        )
    )
    session.commit()
    pass_quiz(session, full_holder, "final", NOW)
    assert issue(session, full_holder, NOW).path_id == "full"  # type: ignore[union-attr]
    for holder, path in ((core_holder, "full"), (full_holder, "core")):
        assign_course(
            session,
            None,
            course_id=course.id,
            target="people",
            identifiers=holder.email,
            due_in_days=30,
            path=path,
            today=NOW.date(),
            now=NOW,
        )
    session.commit()
    statuses = _status_by_person(session, NOW.date())
    assert statuses[core_holder.id] == (Status.IN_PROGRESS, "Service staff")
    assert statuses[full_holder.id] == (Status.COMPLETED, "Core for everyone")


def test_by_department_the_core_certificate_counts_outside_service(
    session: Any,
) -> None:
    course = the_course(session)
    holder = learner(session, "Accounting")
    do_core(session, holder)
    assert issue(session, holder, NOW) is not None
    assign_course(
        session,
        None,
        course_id=course.id,
        target="everyone",
        due_in_days=30,
        today=NOW.date(),
        now=NOW,
    )
    session.commit()
    statuses = _status_by_person(session, NOW.date())
    assert statuses[holder.id] == (Status.COMPLETED, "Core for everyone")


def test_the_course_page_marks_optional_modules_and_path_minutes(
    session: Any, client: Any, auth: Any
) -> None:
    auth.login("learner")
    page = client.get("/courses/cse").get_data(as_text=True)
    assert "Core for everyone" in page
    assert "your path" in page
    assert "about 15 minutes" in page  # the core: the basics module's lessons
    assert page.count("Optional for your path") == 1  # the advanced module


def test_the_course_page_in_german_names_the_optional_module(
    session: Any, client: Any, auth: Any
) -> None:
    auth.login("learner", language="de")
    page = client.get("/courses/cse").get_data(as_text=True)
    assert "Kern für alle" in page
    assert page.count("Für Ihren Lernpfad freiwillig") == 1
