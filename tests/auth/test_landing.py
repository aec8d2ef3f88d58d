"""Each role starts on its own page after logging in; "My learning" stays reachable."""

from __future__ import annotations

from typing import Any

import pytest

from lms.auth import services
from lms.auth.landing import landing_endpoint
from tests.fixtures.people import PASSWORD

NEW_PASSWORD = "copper kettle orchard lantern"


@pytest.mark.parametrize(
    ("roles", "start"),
    [
        (("learner",), "/"),
        (("author",), "/author/"),
        (("hr",), "/hr/"),
        (("admin",), "/admin/"),
        (("learner", "author", "hr"), "/hr/"),
        (("author", "admin"), "/admin/"),
    ],
)
def test_each_role_lands_on_its_page_after_login(
    client: Any, make_person: Any, roles: tuple[str, ...], start: str
) -> None:
    person = make_person(roles=roles)
    response = client.submit("/login", {"email": person.email, "password": PASSWORD})
    assert response.headers["Location"] == start
    assert client.get(start).status_code == 200
    # "/" (the site name in the header) leads to the same start page.
    home = client.get("/")
    assert home.status_code == 200 if start == "/" else home.location == start


@pytest.mark.parametrize(
    ("roles", "endpoint"),
    [
        ((), "home.index"),
        (("learner",), "home.index"),
        (("author", "learner"), "authoring.index"),
        (("hr", "author"), "hr.dashboard"),
        (("admin", "hr", "author", "learner"), "admin.overview"),
    ],
)
def test_strongest_role_decides_the_start_page(
    roles: tuple[str, ...], endpoint: str
) -> None:
    assert landing_endpoint(roles) == endpoint


@pytest.mark.parametrize("role", ["admin", "hr", "author", "learner"])
def test_my_learning_is_reachable_for_everyone(
    client: Any, auth: Any, synced: Any, role: str
) -> None:
    auth.login(role, name="Grace Hopper")
    page = client.get("/admin/" if role == "admin" else "/learning")
    html = page.get_data(as_text=True)
    assert '<a href="/learning"' in html
    learning = client.get("/learning").get_data(as_text=True)
    assert "Welcome, Grace Hopper" in learning
    assert 'href="/learning" aria-current="page"' in learning


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/courses", "/courses"),
        ("//evil.example/x", "/admin/"),
        ("https://x.y/", "/admin/"),
    ],
)
def test_a_safe_next_still_wins_over_the_start_page(
    client: Any, make_person: Any, target: str, expected: str
) -> None:
    admin = make_person(roles=("admin",))
    response = client.submit(
        "/login", {"email": admin.email, "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == expected


def test_first_admin_lands_on_next_steps_after_setting_a_password(
    client: Any, db: Any
) -> None:
    created = services.ensure_first_admin(db, "boss@example.com")
    db.commit()
    assert created is not None
    client.submit("/login", {"email": created.email, "password": created.password})
    response = client.submit(
        "/account/password",
        {
            "current_password": created.password,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
        page="/account/password",
    )
    assert response.headers["Location"] == "/admin/"
    html = client.get("/admin/").get_data(as_text=True)
    assert "First steps" in html
    assert "Nobody besides the administrators has an account yet." in html
