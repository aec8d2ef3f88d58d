"""What HR sees of refreshers: the chart, its data tables and the flagged topics,
for the HR dashboard (lms/hr/views.py) and the export (lms/hr/reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import Session

from lms.files.svg_charts import bar_chart_svg, bar_chart_table
from lms.refresh.links import topic_lessons
from lms.refresh.questions import LEXICON
from lms.refresh.retention import (
    ParticipationRow,
    RetentionRow,
    WeakTopic,
    participation_rows,
    retention_rows,
    weak_topics,
)
from lms.refresh.retention_sql import answer_facts, session_facts


@dataclass(frozen=True)
class RefresherReport:
    retention: list[RetentionRow]
    participation: list[ParticipationRow]
    weak: list[tuple[WeakTopic, list[tuple[str, str]]]]  # with (title, url) lessons
    chart_svg: Markup
    chart_table: Markup


def month_label(day: date) -> str:
    """A month in the reader's language: Dez. 2026, Dec 2026."""
    return str(format_skeleton("yMMM", day, locale=get_locale() or "en"))


def topic_label(topic: str) -> str:
    return str(_l("Language lexicon")) if topic == LEXICON else topic


def refresher_report(
    session: Session, language: str, threshold: float, min_answers: int
) -> RefresherReport:
    """Retention per month, course, topic and department; participation; the
    topics under ``threshold`` % right (LMS_REFRESH_RETENTION_THRESHOLD) with at
    least ``min_answers`` answers (LMS_REFRESH_MIN_ANSWERS), flagged."""
    facts = answer_facts(session)
    rows = retention_rows(facts)
    topics = sorted({(r.course, r.topic) for r in rows})
    title = str(_l("Refresher answers right at the first try, by topic"))
    categories = [f"{course}: {topic_label(topic)}" for course, topic in topics]
    right = [
        sum(r.right for r in rows if (r.course, r.topic) == pair) for pair in topics
    ]
    answers = [
        sum(r.answers for r in rows if (r.course, r.topic) == pair) for pair in topics
    ]
    series = [
        (str(_l("Right at the first try")), right),
        (str(_l("Not right")), [a - r for a, r in zip(answers, right, strict=True)]),
    ]
    svg = table = ""
    if categories:
        svg = bar_chart_svg(title, categories, series, chart_id="refreshers")
        table = bar_chart_table(
            title,
            categories,
            series,
            category_label=str(_l("Topic")),
            total_label=str(_l("Answers")),
        )
    weak = [
        (topic, topic_lessons(session, topic.course, topic.topic, language))
        for topic in weak_topics(facts, threshold / 100, min_answers)
    ]
    return RefresherReport(
        retention=rows,
        participation=participation_rows(session_facts(session)),
        weak=weak,
        chart_svg=Markup(svg),  # noqa: S704  (svg_charts escapes every value)
        chart_table=Markup(table),  # noqa: S704  (escaped by svg_charts)
    )
