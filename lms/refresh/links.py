"""Where a refresher question comes from: the lesson (or module) to go back to."""

from __future__ import annotations

from lms.content.rules.refresher import load_refresher
from lms.content.urls import lesson_url, module_url
from lms.models import Course
from lms.refresh.questions import LEXICON, split_key


def lesson_link(course: Course, key: str) -> str | None:
    """The lexicon's lesson, or the module whose quiz is the question's bank."""
    topic = split_key(key)[0]
    if topic == LEXICON:
        spec = load_refresher(course.refresher_json)
        if spec is None or spec.lexicon_lesson is None:
            return None
        module_slug, _, lesson = spec.lexicon_lesson.partition("/")
        return lesson_url(course.slug, module_slug, lesson)
    for module in course.modules:
        if module.quiz == topic and module.retired_at is None:
            return module_url(course.slug, module.slug)
    return None
