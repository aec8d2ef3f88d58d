"""URLs of course pages and assets, shared by the loader and the web app."""

from __future__ import annotations

from urllib.parse import quote


def course_url(course: str) -> str:
    return f"/courses/{course}"


def module_url(course: str, module: str) -> str:
    return f"/courses/{course}/{module}"


def lesson_url(course: str, module: str, lesson: str, anchor: str = "") -> str:
    url = f"/courses/{course}/{module}/{lesson}"
    return f"{url}#{quote(anchor, safe='')}" if anchor else url


def asset_url(course: str, relative_path: str) -> str:
    """URL of a file under the course folder; `relative_path` uses forward slashes."""
    return f"/content/{course}/{quote(relative_path)}"
