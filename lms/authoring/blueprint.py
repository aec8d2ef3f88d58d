"""The authoring blueprint and what its page modules share."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app

from lms.config import course_facts_file
from lms.models import Role

bp = Blueprint("authoring", __name__, url_prefix="/author")

AUTHORS = (Role.AUTHOR.value, Role.ADMIN.value)


def facts_file() -> Path | None:
    return course_facts_file(current_app.config)


def content_dirs() -> tuple[Path, Path]:
    return (
        Path(current_app.config["LMS_CONTENT_DIR"]),
        Path(current_app.config["LMS_QUIZ_DIR"]),
    )
