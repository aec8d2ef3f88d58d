"""Course covers: the course folder's assets/cover file, or a tile with the initials."""

from __future__ import annotations

from typing import Any

import pytest

from lms.web.covers import tile

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 4"><rect/></svg>'


def test_a_course_without_a_cover_shows_a_tile_with_its_initials(
    client: Any, auth: Any, synced: Any
) -> None:
    auth.login()
    for page in ("/courses", "/", "/courses/cse"):
        html = client.get(page).get_data(as_text=True)
        assert 'class="cover cover--fallback cover--tone-' in html, page
        assert ">CS</div>" in html, page
        assert "/content/cse/assets/cover" not in html


def test_a_cover_file_in_the_course_folder_is_shown_on_cards_and_course_page(
    client: Any, auth: Any, sync: Any, synced: Any
) -> None:
    assert sync({"courses/cse/assets/cover.svg": SVG}).ok
    auth.login()
    for page in ("/courses", "/", "/courses/cse"):
        html = client.get(page).get_data(as_text=True)
        assert '<img src="/content/cse/assets/cover.svg" alt=""' in html, page
        assert "cover--fallback" not in html, page
    picture = client.get("/content/cse/assets/cover.svg")
    assert picture.status_code == 200
    assert picture.data == SVG


@pytest.mark.parametrize(
    ("title", "initials"),
    [
        ("Customer Service Essentials", "CS"),
        ("fire safety", "FS"),
        ("Datenschutz", "D"),
        ("Über-Kurs: Erste Hilfe", "ÜK"),
        ("", "?"),
    ],
)
def test_tile_initials_and_a_stable_tone(title: str, initials: str) -> None:
    assert tile(title)[0] == initials
    assert tile(title) == tile(title)
    assert 0 <= tile(title)[1] < 6
