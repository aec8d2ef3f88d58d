"""Course files opened in a browser cannot run script as this site (SVG, HTML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.content.course_tree import write_tree

# An SVG that would steal the session if it ran as a page of the site.
EVIL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" onload="fetch(\'/x\')">'
    "<style>rect{fill:#0a0}</style><rect width='9' height='9'/>"
    "<script>document.title = document.cookie</script></svg>"
)
EVIL = "courses/cse/01-basics/assets/evil.svg"


def _policy(header: str) -> dict[str, str]:
    directives = (part.strip() for part in header.split(";"))
    return {name: rest for name, _, rest in (d.partition(" ") for d in directives)}


def _assert_no_script(response: Any) -> None:
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = _policy(response.headers["Content-Security-Policy"])
    # Nothing loads or runs; the file may only style itself.
    assert policy["default-src"] == "'none'"
    assert "script-src" not in policy
    assert policy["style-src"] == "'unsafe-inline'"
    # A sandbox without allow-scripts or allow-same-origin: no script, no cookies.
    assert policy["sandbox"] == ""


def test_learners_get_svg_assets_sandboxed(
    client: Any, auth: Any, sync: Callable[..., Any]
) -> None:
    assert sync({EVIL: EVIL_SVG}).ok
    auth.login()
    with client.get("/content/cse/01-basics/assets/evil.svg") as response:
        _assert_no_script(response)


def test_authors_get_unsynced_svg_assets_sandboxed(
    client: Any, auth: Any, content_root: Path
) -> None:
    write_tree(content_root, {EVIL: EVIL_SVG})
    auth.login("author")
    with client.get("/author/asset/cse/01-basics/assets/evil.svg") as response:
        _assert_no_script(response)
