"""A test course with a refresher: the page-test course plus a practice bank."""

from __future__ import annotations

from tests.content.course_tree import COURSE
from tests.fixtures.content import bank

REFRESHER = (
    "refresher:\n"
    "  after_days: 14\n"
    "  every_days: 14\n"
    "  questions: 3\n"
    "  pools: [basics, advanced, extra]\n"
)


def extra_bank() -> str:
    text = bank("extra", "Extra practice")
    for n in range(1, 5):
        text += (
            f"\n## Extra question {n}? {{#q-extra-{n}}}\n\n"
            f"- [x] Right {n}.\n  > Yes.\n- [ ] Wrong {n}.\n  > No.\n"
        )
    return text


def course_with_refresher(refresher: str = REFRESHER) -> dict[str, str | None]:
    course_md = COURSE["courses/cse/course.md"]
    assert isinstance(course_md, str)
    return {
        "courses/cse/course.md": course_md.replace(
            "certificate:\n", refresher + "certificate:\n", 1
        ),
        "quizzes/cse/extra.md": extra_bank(),
    }
