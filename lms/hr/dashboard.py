"""Compliance figures per course and per department, and the dashboard's charts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.content.titles import course_titles
from lms.files.svg_charts import (
    bar_chart_svg,
    bar_chart_table,
    line_chart_svg,
    line_chart_table,
)
from lms.hr.matrix import STATUS_LABELS
from lms.hr.path_sql import path_tables
from lms.hr.rules import COMPLIANT, Status, compliance_rate, median_days
from lms.hr.status_sql import live_assignments_with_status
from lms.models import Assignment, Certificate, Course, Department, Person

MONTHS_SHOWN = 12
# The order of the chart's series; charts.SERIES_STYLES gives them their colours.
CHART_STATUSES = (
    Status.COMPLETED,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
    Status.OVERDUE,
    Status.EXPIRING,
    Status.EXPIRED,
)


@dataclass
class _Tally:
    counts: Counter[Status] = field(default_factory=Counter)
    score_sum: float = 0.0
    scored: int = 0
    days: list[int] = field(default_factory=list)

    def add(
        self,
        status: Status,
        count: int,
        score_sum: float,
        scored: int,
        days: int | None,
    ) -> None:
        """count assignments of one status (and, when compliant, of one duration)."""
        self.counts[status] += count
        self.score_sum += score_sum
        self.scored += scored
        if days is not None:
            self.days.extend([days] * count)


@dataclass(frozen=True)
class Figures:
    """Assigned, completed (with a valid completion), overdue, expiring and more."""

    key: int | None
    name: str
    counts: dict[Status, int]
    average_score: float | None
    median_days: float | None

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return sum(self.counts.get(status, 0) for status in COMPLIANT)

    @property
    def overdue(self) -> int:
        return self.counts.get(Status.OVERDUE, 0)

    @property
    def expiring(self) -> int:
        return self.counts.get(Status.EXPIRING, 0)

    @property
    def expired(self) -> int:
        return self.counts.get(Status.EXPIRED, 0)

    @property
    def compliance_rate(self) -> float:
        return compliance_rate(self.counts)

    @staticmethod
    def of(key: int | None, name: str, tally: _Tally) -> Figures:
        return Figures(
            key,
            name,
            {status: tally.counts.get(status, 0) for status in Status},
            tally.score_sum / tally.scored if tally.scored else None,
            median_days(tally.days),
        )


@dataclass(frozen=True)
class Dashboard:
    today: date
    total: Figures
    courses: list[Figures]
    departments: list[Figures]
    completions: list[tuple[date, int]]  # first day of each month, count


def dashboard(session: Session, today: date, language: str | None = None) -> Dashboard:
    """Every figure of the dashboard, counted by the database (status_sql):
    four queries whatever the organisation's size."""
    total = _Tally()
    courses: dict[int, _Tally] = {}
    departments: dict[int | None, _Tally] = {}
    for course, department, status, days, count, score_sum, scored in grouped_statuses(
        session, today
    ):
        figures = (Status(status), count, float(score_sum or 0), scored, days)
        total.add(*figures)
        courses.setdefault(course, _Tally()).add(*figures)
        departments.setdefault(department, _Tally()).add(*figures)
    titles = course_titles(session, language)
    wanted = [key for key in departments if key is not None]
    names_of: dict[int | None, str] = {}
    for key, name in session.execute(
        select(Department.id, Department.name).where(Department.id.in_(wanted))
    ):
        names_of[key] = name
    names_of[None] = str(_l("No department"))
    course_figures = sorted(
        (
            Figures.of(key, titles.get(key, "?"), tally)
            for key, tally in courses.items()
        ),
        key=lambda figures: figures.name.casefold(),
    )
    department_figures = sorted(
        (Figures.of(key, names_of[key], tally) for key, tally in departments.items()),
        key=lambda figures: (figures.key is None, figures.name.casefold()),
    )
    return Dashboard(
        today=today,
        total=Figures.of(None, str(_l("All courses")), total),
        courses=course_figures,
        departments=department_figures,
        completions=completions_by_month(session, today),
    )


def grouped_statuses(session: Session, today: date) -> Sequence[Any]:
    """(course, department, status, days, count, score sum, scores) per group."""
    by_index = session.get_bind().dialect.name == "sqlite"
    rows = live_assignments_with_status(
        today, by_index=by_index, paths=path_tables(session)
    ).subquery()
    return (
        session.connection()
        .execute(
            select(
                rows.c.course_id,
                rows.c.department_id,
                rows.c.status,
                rows.c.days,
                func.count(),
                func.sum(rows.c.score),
                func.count(rows.c.score),
            ).group_by(
                rows.c.course_id, rows.c.department_id, rows.c.status, rows.c.days
            )
        )
        .all()
    )


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def completions_by_month(
    session: Session, today: date, months: int = MONTHS_SHOWN
) -> list[tuple[date, int]]:
    """Certificates earned per month (not re-issues or revoked), the last months.

    Only completions the tables count too: of a course assigned to its holder,
    an active person, in a course that is not retired (the live assignments of
    lms.hr.status_sql). A course taken without an assignment is not in the chart.
    """
    first = _month_start(today, months - 1)
    assigned = (
        select(Assignment.id)
        .join(Person, Person.id == Assignment.person_id)
        .join(Course, Course.id == Assignment.course_id)
        .where(
            Assignment.person_id == Certificate.person_id,
            Assignment.course_id == Certificate.course_id,
            Person.active.is_(True),
            Course.retired_at.is_(None),
        )
        .exists()
    )
    rows = session.execute(
        select(Certificate.completed_on, func.count(Certificate.id))
        .where(
            Certificate.completed_on >= first,
            Certificate.completed_on <= today,
            Certificate.revoked_at.is_(None),
            Certificate.issue_key.not_like("reissue:%"),
            assigned,
        )
        .group_by(Certificate.completed_on)
    )
    per_month: Counter[date] = Counter()
    for day, count in rows:
        per_month[_month_start(day)] += count
    return [
        (month, per_month.get(month, 0))
        for month in (_month_start(today, back) for back in range(months - 1, -1, -1))
    ]


@dataclass(frozen=True)
class Chart:
    svg: Markup
    table: Markup


def _month(day: date) -> str:
    """A month in the reader's language: Dez. 2026, Dec 2026."""
    return str(format_skeleton("yMMM", day, locale=get_locale() or "en"))


def completions_chart(data: Dashboard) -> Chart:
    title = str(_l("Completions of assigned courses per month"))
    value_label = str(_l("Completions"))
    return Chart(
        Markup(  # noqa: S704  (charts.py escapes every value it writes)
            line_chart_svg(
                title,
                data.completions,
                value_label=value_label,
                chart_id="completions",
                day_label=_month,
            )
        ),
        Markup(  # noqa: S704  (escaped by charts.py)
            line_chart_table(
                title,
                data.completions,
                date_label=str(_l("Month")),
                value_label=value_label,
                day_label=_month,
            )
        ),
    )


def departments_chart(data: Dashboard) -> Chart:
    title = str(_l("Status by department"))
    categories = [figures.name for figures in data.departments]
    series = [
        (
            str(STATUS_LABELS[status]),
            [figures.counts.get(status, 0) for figures in data.departments],
        )
        for status in CHART_STATUSES
    ]
    return Chart(
        Markup(  # noqa: S704  (escaped by charts.py)
            bar_chart_svg(title, categories, series, chart_id="departments")
        ),
        Markup(  # noqa: S704  (escaped by charts.py)
            bar_chart_table(
                title,
                categories,
                series,
                category_label=str(_l("Department")),
                total_label=str(_l("Total")),
            )
        ),
    )
