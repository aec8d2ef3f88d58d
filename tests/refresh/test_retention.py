"""The HR figures of refreshers against a hand-computed example, on the real
database (the dashboard reads the same rows)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from lms.db import get_database
from lms.models import (
    Course,
    Department,
    Person,
    RefresherAnswer,
    RefresherSession,
)
from lms.refresh.links import topic_lessons
from lms.refresh.retention import (
    RetentionRow,
    participation_rows,
    retention_rows,
    weak_topics,
)
from lms.refresh.retention_sql import answer_facts, session_facts
from tests.refresh.helpers import course_with_refresher

# person, department, due day, answers as (topic, right)
GIVEN = [
    (
        "ann",
        "Sales",
        date(2026, 1, 19),
        [("basics", True), ("basics", False), ("lexicon", True)],
    ),
    (
        "ben",
        "Sales",
        date(2026, 1, 20),
        [("basics", False), ("lexicon", False), ("lexicon", True)],
    ),
    (
        "cem",
        "Support",
        date(2026, 1, 21),
        [("basics", True), ("basics", True), ("advanced", True)],
    ),
    (
        "cem",
        "Support",
        date(2026, 2, 4),
        [("basics", False), ("lexicon", False), ("lexicon", False)],
    ),
    ("ann", "Sales", date(2026, 2, 2), []),  # given, not taken
]


def _store(app: Any, make_person: Any) -> Any:
    made = {who: make_person(name=who).id for who in ("ann", "ben", "cem")}
    db = get_database(app).sessionmaker()
    course = db.scalar(select(Course).where(Course.slug == "cse"))
    departments = {name: Department(name=name) for name in ("Sales", "Support")}
    db.add_all(departments.values())
    db.flush()
    people: dict[str, Person] = {}
    for index, (who, dept, day, answers) in enumerate(GIVEN):
        if who not in people:
            people[who] = db.get(Person, made[who])
            people[who].department_id = departments[dept].id
        row = RefresherSession(
            public_id=f"s{index}",
            person_id=people[who].id,
            course_id=course.id,
            due_on=day,
            expires_on=day,
            seed=1,
            questions_json="[]",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        db.add(row)
        db.flush()
        for number, (topic, right) in enumerate(answers):
            db.add(
                RefresherAnswer(
                    session_id=row.id,
                    question_key=f"{topic}/q{number}",
                    topic=topic,
                    correct=right,
                    response="",
                    answered_at=datetime(2026, 1, 1, tzinfo=UTC),
                )
            )
    db.commit()
    return db


def test_figures_match_the_hand_count(app: Any, sync: Any, make_person: Any) -> None:
    assert sync(course_with_refresher()).ok
    db = _store(app, make_person)
    facts = answer_facts(db)
    rows = {(r.month.month, r.topic, r.department): r for r in retention_rows(facts)}
    jan, feb = 1, 2
    # January, basics: Sales 1 right of 3 (ann 1/2, ben 0/1) by 2 people;
    # Support 2 of 2 (cem).
    assert rows[(jan, "basics", "Sales")] == RetentionRow(
        date(2026, 1, 1), "cse", "basics", "Sales", people=2, answers=3, right=1
    )
    assert rows[(jan, "basics", "Support")].share == 1.0
    assert rows[(jan, "lexicon", "Sales")].answers == 3
    assert rows[(jan, "lexicon", "Sales")].right == 2
    assert rows[(feb, "lexicon", "Support")].right == 0
    # Participation: Sales gave 2 in January (both taken), 1 in February (not).
    parts = {
        (p.month.month, p.department): p for p in participation_rows(session_facts(db))
    }
    assert (parts[(jan, "Sales")].given, parts[(jan, "Sales")].taken) == (2, 2)
    assert (parts[(feb, "Sales")].given, parts[(feb, "Sales")].taken) == (1, 0)
    assert parts[(feb, "Support")].share == 1.0
    # Over all time: basics 3 right of 6 (50 %), lexicon 2 of 5 (40 %),
    # advanced 1 of 1 (too few answers to flag).
    weak = weak_topics(facts, threshold=0.7, min_answers=5)
    assert [(w.topic, w.right, w.answers) for w in weak] == [
        ("lexicon", 2, 5),
        ("basics", 3, 6),
    ]
    lessons = topic_lessons(db, "cse", "basics", "en")
    assert lessons
    assert all(url.startswith("/courses/cse/basics/") for _title, url in lessons)
    db.close()


def test_dashboard_shows_the_table(
    app: Any, client: Any, auth: Any, sync: Any, make_person: Any
) -> None:
    assert sync(course_with_refresher()).ok
    _store(app, make_person).close()
    auth.login("hr")
    page = client.get("/hr/").get_data(as_text=True)
    assert "Retention by month, course, topic and department" in page
    assert "Topics below the retention threshold" in page
    assert 'id="refreshers"' in page


def test_export_has_the_same_figures(
    app: Any, client: Any, auth: Any, sync: Any, make_person: Any
) -> None:
    assert sync(course_with_refresher()).ok
    _store(app, make_person).close()
    auth.login("hr")
    response = client.get("/hr/exports/refreshers?format=csv&department=Sales")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line.startswith("2026-01")]
    # January, Sales: basics 1 of 3 by 2 people; lexicon 2 of 3 by 2 people.
    assert [line.split(",")[2:] for line in lines] == [
        ["basics", "Sales", "2", "3", "1"],
        ["lexicon", "Sales", "2", "3", "2"],
    ]


FLAGGED = re.compile(r'<ul class="flagged">(.*?)</ul>', re.S)


@pytest.mark.parametrize(
    ("threshold", "min_answers", "flagged"),
    [
        # By hand: lexicon 2 of 5 (40 %), basics 3 of 6 (50 %), advanced 1 of 1.
        (70, 5, ["Language lexicon", "basics"]),
        (45, 5, ["Language lexicon"]),
        (70, 6, ["basics"]),
        (100, 1, ["Language lexicon", "basics"]),
        (30, 1, []),
    ],
)
def test_dashboard_flags_follow_the_settings(
    app: Any,
    client: Any,
    auth: Any,
    sync: Any,
    make_person: Any,
    threshold: float,
    min_answers: int,
    flagged: list[str],
) -> None:
    assert sync(course_with_refresher()).ok
    _store(app, make_person).close()
    app.config["LMS_REFRESH_RETENTION_THRESHOLD"] = threshold
    app.config["LMS_REFRESH_MIN_ANSWERS"] = min_answers
    auth.login("hr")
    page = client.get("/hr/").get_data(as_text=True)
    found = FLAGGED.search(page)
    topics = re.findall(
        r"<strong>cse: ([^<]+)</strong>", found.group(1) if found else ""
    )
    assert topics == flagged
