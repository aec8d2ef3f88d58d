"""The learner's path: catalog, course overview, lessons, completion, resume, assets."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from lms.models import LessonProgress

COURSE = "/courses/cse"
WELCOME = "/courses/cse/basics/welcome"
PHONE = "/courses/cse/basics/phone"
COMPLAINTS = "/courses/cse/advanced/complaints"


def test_catalog_and_home_list_published_courses(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    for page in ("/courses", "/"):
        html = client.get(page).get_data(as_text=True)
        assert "Customer Service" in html
        assert "0 of 3 lessons done" in html
        assert f'href="{WELCOME}"' in html  # start where the course starts


def test_course_overview_shows_modules_lessons_time_and_quiz_slot(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    html = client.get(COURSE).get_data(as_text=True)
    for text in (
        "Basics",
        "Advanced",
        "Welcome",
        "The phone",
        "Complaints",
        "About 30 minutes",
        "Module quiz",
        "Final exam",
        "2 modules",
        "3 lessons",
    ):
        assert text in html, text
    assert '<progress max="3" value="0"' in html


def test_lesson_page_renders_content_outline_and_neighbours(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    html = client.get(PHONE).get_data(as_text=True)
    assert "<h1>The phone</h1>" in html
    assert 'id="greeting"' in html
    assert f'rel="prev" href="{WELCOME}"' in html
    # "Next" after a module's last lesson is its module quiz, not the next module.
    assert "Next: Module quiz: Basics</button>" in html
    assert 'aria-current="step">The phone</a>' in html
    assert "/content/cse/01-basics/assets/smile.png?v=" in html


def test_next_marks_complete_and_moves_on(client: Any, auth: Any, synced: Any) -> None:
    auth.login()
    client.get(WELCOME)
    response = client.submit(f"{WELCOME}/complete", {"go": "next"}, page=WELCOME)
    assert response.headers["Location"] == PHONE
    html = client.get(COURSE).get_data(as_text=True)
    assert "1 of 3 lessons done" in html
    assert '<progress max="3" value="1"' in html


def test_mark_complete_is_idempotent_and_stays(
    client: Any, auth: Any, synced: Any, db: Any
) -> None:
    person = auth.login()
    for _ in range(2):
        response = client.submit(f"{PHONE}/complete", {"go": "stay"}, page=PHONE)
        assert response.headers["Location"] == PHONE
    rows = db.scalars(
        select(LessonProgress).where(LessonProgress.person_id == person.id)
    ).all()
    assert len(rows) == 1
    assert "You have completed this lesson." in client.get(PHONE).get_data(as_text=True)


def test_resume_returns_to_the_last_unfinished_lesson(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    client.submit(f"{WELCOME}/complete", {"go": "next"}, page=WELCOME)
    client.get(PHONE)
    html = client.get(COURSE).get_data(as_text=True)
    assert (
        f'<a class="button button--primary" href="{PHONE}">Continue with The phone'
        in html
    )


def test_next_on_a_modules_last_lesson_leads_to_its_quiz(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    response = client.submit(f"{COMPLAINTS}/complete", {"go": "next"}, page=COMPLAINTS)
    assert response.headers["Location"] == "/courses/cse/quiz/advanced"


def test_german_reader_gets_translation_or_a_note(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login(language="de")
    html = client.get(WELCOME).get_data(as_text=True)
    assert "<h1>Willkommen</h1>" in html
    assert "noch nicht in Ihrer Sprache" not in html
    html = client.get(PHONE).get_data(as_text=True)
    assert "<h1>The phone</h1>" in html
    assert "noch nicht in Ihrer Sprache" in html
    assert 'lang="en"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/courses/nope",
        "/courses/cse/nope",
        "/courses/cse/basics/nope",
        "/courses/cse/advanced/welcome",
        "/content/cse/01-basics/assets/none.png",
    ],
)
def test_unknown_things_are_404(client: Any, auth: Any, synced: Any, path: str) -> None:
    auth.login()
    assert client.get(path).status_code == 404


def test_unpublished_course_is_404_for_learners(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    from tests.content.course_tree import COURSE as FILES

    course_md = str(FILES["courses/cse/course.md"]).replace(
        "published: true", "published: false"
    )
    assert sync({"courses/cse/course.md": course_md}).ok
    auth.login()
    assert client.get(WELCOME).status_code == 404
    assert client.get(COURSE).status_code == 404
    assert "Customer Service" not in client.get("/courses").get_data(as_text=True)


def test_retired_lesson_is_404(client: Any, auth: Any, sync: Any, synced: Any) -> None:
    auth.login()
    assert client.get(COMPLAINTS).status_code == 200
    assert sync(
        {
            "courses/cse/02-advanced/01-complaints.md": None,
            "courses/cse/02-advanced/01-other.md": "---\ntitle: Other\n---\nText.\n",
        }
    ).ok
    assert client.get(COMPLAINTS).status_code == 404


def test_assets_are_served_with_long_private_cache(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    response = client.get("/content/cse/01-basics/assets/smile.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    again = client.get(
        "/content/cse/01-basics/assets/smile.png",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_pages_need_a_login(client: Any, synced: Any) -> None:
    for path in (COURSE, WELCOME, "/content/cse/01-basics/assets/smile.png"):
        assert client.get(path).status_code == 302


def test_lesson_html_from_markdown_is_sanitized(
    client: Any, auth: Any, sync: Any
) -> None:
    report = sync(
        {
            "courses/cse/01-basics/02-phone.md": (
                "---\ntitle: The phone\n---\n<script>alert(1)</script>\n\n"
                '<a href="javascript:alert(2)" onclick="x()">bad</a>\n\n'
                "![Smile](assets/smile.png)\n"
            )
        }
    )
    assert report.ok, report.lines
    auth.login()
    html = client.get(PHONE).get_data(as_text=True)
    assert "alert(1)" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
