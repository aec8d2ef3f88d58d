"""Accessible server-rendered SVG charts for HR reports, and their data tables."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from html import escape

# Colour and pattern per series, in the order of the statuses: completed, in
# progress, not started, overdue, expiring, expired. Each colour reaches 4.5:1
# against white (white value labels, white page); the patterns and the labels
# mean colour is never the only way to tell series apart.
SERIES_STYLES: tuple[tuple[str, str], ...] = (
    ("#1a7431", "solid"),
    ("#1f5fa8", "diagonal"),
    ("#595c63", "dots"),
    ("#b3261e", "cross"),
    ("#8a4b00", "horizontal"),
    ("#6a2c91", "vertical"),
)
TEXT_COLOUR = "#1f1f1f"
GRID_COLOUR = "#d0d0d0"
LINE_COLOUR = "#1f5fa8"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
CHAR_WIDTH = 7  # rough width of one character at 12px, for layout only
MAX_LABEL_CHARS = 28
_PATTERN_MARKS = {
    "solid": "",
    "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" {s}/>',
    "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff" fill-opacity="0.6"/>',
    "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" {s}/>',
    "horizontal": '<path d="M0,4 h8" {s}/>',
    "vertical": '<path d="M4,0 v8" {s}/>',
}
_STROKE = 'stroke="#fff" stroke-opacity="0.5" stroke-width="1.5"'


def bar_chart_svg(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    *,
    chart_id: str | None = None,
    width: int = 720,
    bar_height: int = 26,
) -> str:
    """Stacked horizontal bars: one bar per category, one segment per series."""
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} needs one value per category")
        if any(value < 0 for value in values):
            raise ValueError(f"series {name!r} has a negative value")
    prefix = _prefix(chart_id, title, categories, series)
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    longest = max((len(category) for category in categories), default=0)
    label_width = min(longest, MAX_LABEL_CHARS) * CHAR_WIDTH + 16
    plot_width = max(width - label_width - 60, 100)
    scale = plot_width / max(totals, default=0) if any(totals) else 0.0
    legend, legend_height = _legend(prefix, [name for name, _ in series], width, 40)
    top = 40 + legend_height + 8
    height = top + len(categories) * (bar_height + 10) + 10
    parts = [
        _open(prefix, title, _bar_summary(categories, series, totals), width, height)
    ]
    parts.append(_patterns(prefix, len(series)))
    parts.append(_heading(title))
    parts.append(legend)
    for row, (category, total) in enumerate(zip(categories, totals, strict=True)):
        y = top + row * (bar_height + 10)
        middle = y + bar_height / 2 + 4
        shown = _shorten(category)
        parts.append(
            f'<text x="{label_width - 8}" y="{middle:g}" text-anchor="end"'
            f' fill="{TEXT_COLOUR}"><title>{escape(category)}</title>'
            f"{escape(shown)}</text>"
        )
        x = float(label_width)
        for index, (name, values) in enumerate(series):
            value = values[row]
            if not value:
                continue
            segment = value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{segment:.1f}" height="{bar_height}"'
                f' fill="url(#{prefix}-p{index % len(SERIES_STYLES)})"'
                f' stroke="#fff" stroke-width="1"><title>{escape(category)},'
                f" {escape(name)}: {value}</title></rect>"
            )
            if segment >= len(str(value)) * CHAR_WIDTH + 8:
                colour = SERIES_STYLES[index % len(SERIES_STYLES)][0]
                parts.append(
                    f'<text x="{x + segment / 2:.1f}" y="{middle:g}"'
                    f' text-anchor="middle" fill="#fff" stroke="{colour}"'
                    f' stroke-width="3" paint-order="stroke">{value}</text>'
                )
            x += segment
        parts.append(
            f'<text x="{x + 6:.1f}" y="{middle:g}" fill="{TEXT_COLOUR}">{total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart_svg(
    title: str,
    points: list[tuple[date, int]],
    *,
    value_label: str = "Completions",
    chart_id: str | None = None,
    width: int = 720,
    height: int = 300,
    day_label: Callable[[date], str] = date.isoformat,
) -> str:
    """A line over time with a marker, and for few points a label, per value.

    `day_label` writes a date for people (the reader's language); ISO by default.
    """
    if any(value < 0 for _, value in points):
        raise ValueError("line charts here show counts, which are never negative")
    points = sorted(points)
    prefix = _prefix(chart_id, title, points)
    parts = [
        _open(
            prefix, title, _line_summary(points, value_label, day_label), width, height
        )
    ]
    parts.append(_heading(title))
    left, right, top, bottom = 56, width - 24, 56, height - 40
    parts.append(
        f'<text x="{left}" y="{top - 14}" fill="{TEXT_COLOUR}">'
        f"{escape(value_label)}</text>"
    )
    if not points:
        parts.append(
            f'<text x="{width / 2:g}" y="{(top + bottom) / 2:g}" text-anchor="middle"'
            f' fill="{TEXT_COLOUR}">No data</text></svg>'
        )
        return "".join(parts)
    step = _nice_step(max(value for _, value in points))
    y_max = max(step * math.ceil(max(value for _, value in points) / step), step)

    def y_of(value: int) -> float:
        return bottom - (bottom - top) * value / y_max

    for tick in range(0, y_max + 1, step):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="{GRID_COLOUR}"/><text x="{left - 6}" y="{y + 4:.1f}"'
            f' text-anchor="end" fill="{TEXT_COLOUR}">{tick}</text>'
        )
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()

    def x_of(day: date) -> float:
        if first == last:
            return (left + right) / 2
        return left + (right - left) * (day.toordinal() - first) / (last - first)

    parts.append(
        f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#555"/>'
    )
    # At most six date labels, on points spread evenly through the series: a
    # monthly series is labelled with its months, never with a day between.
    count = len(points)
    picks = sorted({round((count - 1) * i / 5) for i in range(6)})
    for index in picks:
        day = points[index][0]
        ordinal = day.toordinal()
        anchor = "middle"
        if first != last and ordinal in (first, last):
            anchor = "start" if ordinal == first else "end"
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{bottom + 18}" text-anchor="{anchor}"'
            f' fill="{TEXT_COLOUR}">{escape(day_label(day))}</text>'
        )
    line = " ".join(f"{x_of(day):.1f},{y_of(value):.1f}" for day, value in points)
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{LINE_COLOUR}"'
        ' stroke-width="2" stroke-linejoin="round"/>'
    )
    for day, value in points:
        x, y = x_of(day), y_of(value)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOUR}"'
            f' stroke="#fff" stroke-width="1.5"><title>{escape(day_label(day))}:'
            f" {value}</title></circle>"
        )
        if len(points) <= 16:
            parts.append(
                f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle"'
                f' fill="{TEXT_COLOUR}">{value}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def chart_table_html(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    visually_hidden: bool = False,
    table_id: str | None = None,
) -> str:
    """A data table beside a chart; the first cell of each row heads that row.

    With visually_hidden the table is only for screen readers (the site CSS
    class), otherwise it can sit in a <details> under the chart.
    """
    classes = "chart-table visually-hidden" if visually_hidden else "chart-table"
    id_attribute = f' id="{escape(table_id)}"' if table_id else ""
    parts = [f'<table class="{classes}"{id_attribute}>']
    parts.append(f"<caption>{escape(caption)}</caption><thead><tr>")
    parts.extend(f'<th scope="col">{escape(label)}</th>' for label in header)
    parts.append("</tr></thead><tbody>")
    for row in rows:
        cells = [_cell(value) for value in row]
        parts.append("<tr>")
        parts.extend(f'<th scope="row">{cell}</th>' for cell in cells[:1])
        parts.extend(f"<td>{cell}</td>" for cell in cells[1:])
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def bar_chart_table(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    *,
    category_label: str = "Department",
    total_label: str = "Total",
    visually_hidden: bool = False,
) -> str:
    """The values of bar_chart_svg as a table: one row per category, with totals."""
    header = [category_label, *(name for name, _ in series), total_label]
    rows = [
        [category, *(values[i] for _, values in series), sum(v[i] for _, v in series)]
        for i, category in enumerate(categories)
    ]
    return chart_table_html(title, header, rows, visually_hidden=visually_hidden)


def line_chart_table(
    title: str,
    points: list[tuple[date, int]],
    *,
    date_label: str = "Date",
    value_label: str = "Completions",
    visually_hidden: bool = False,
    day_label: Callable[[date], str] | None = None,
) -> str:
    """The values of line_chart_svg as a table: one row per date."""
    rows: list[tuple[object, int]] = sorted(points)
    if day_label is not None:
        rows = [(day_label(day), value) for day, value in sorted(points)]
    return chart_table_html(
        title,
        [date_label, value_label],
        rows,
        visually_hidden=visually_hidden,
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return escape(str(value))


def _prefix(chart_id: str | None, *content: object) -> str:
    """An id prefix; pattern and title ids must be unique within the page."""
    if chart_id:
        return "chart-" + re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    return "chart-" + hashlib.sha256(repr(content).encode()).hexdigest()[:10]


def _open(prefix: str, title: str, summary: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"'
        f' aria-labelledby="{prefix}-title {prefix}-desc" class="chart"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}" {FONT}>'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(summary)}</desc>'
    )


def _heading(title: str) -> str:
    return (
        f'<text x="8" y="22" font-size="15" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(title)}</text>"
    )


def _patterns(prefix: str, count: int) -> str:
    parts = ["<defs>"]
    for index in range(min(count, len(SERIES_STYLES))):
        colour, pattern = SERIES_STYLES[index]
        parts.append(
            f'<pattern id="{prefix}-p{index}" width="8" height="8"'
            f' patternUnits="userSpaceOnUse"><rect width="8" height="8"'
            f' fill="{colour}"/>{_PATTERN_MARKS[pattern].format(s=_STROKE)}</pattern>'
        )
    parts.append("</defs>")
    return "".join(parts)


def _legend(prefix: str, names: list[str], width: int, top: int) -> tuple[str, int]:
    """Swatches with names, wrapped to the width; returns the markup and height."""
    parts: list[str] = []
    x, y = 8, top
    for index, name in enumerate(names):
        shown = _shorten(name)
        item_width = 14 + 6 + len(shown) * CHAR_WIDTH + 18
        if x > 8 and x + item_width > width:
            x, y = 8, y + 22
        parts.append(
            f'<rect x="{x}" y="{y - 11}" width="14" height="14"'
            f' fill="url(#{prefix}-p{index % len(SERIES_STYLES)})" stroke="#555"/>'
            f'<text x="{x + 20}" y="{y}" fill="{TEXT_COLOUR}">{escape(shown)}</text>'
        )
        x += item_width
    return "".join(parts), (y - top + 22 if names else 0)


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _bar_summary(
    categories: list[str], series: list[tuple[str, list[int]]], totals: list[int]
) -> str:
    if not categories:
        return "No data."
    overall = ", ".join(f"{name} {sum(values)}" for name, values in series)
    summary = f"{len(categories)} bars, {sum(totals)} in all: {overall}."
    if len(categories) <= 12:
        for i, category in enumerate(categories):
            values = ", ".join(f"{name} {values[i]}" for name, values in series)
            summary += f" {category}: {values}."
    return summary + " The table with the chart lists every value."


def _line_summary(
    points: list[tuple[date, int]], value_label: str, day_label: Callable[[date], str]
) -> str:
    if not points:
        return "No data."
    high = max(points, key=lambda point: point[1])
    low = min(points, key=lambda point: point[1])
    first, last = day_label(points[0][0]), day_label(points[-1][0])
    return (
        f"{value_label} on {len(points)} dates from {first}"
        f" to {last}, {sum(v for _, v in points)} in all."
        f" Highest {high[1]} on {day_label(high[0])}; lowest {low[1]} on"
        f" {day_label(low[0])}; last {points[-1][1]} on {last}."
        " The table with the chart lists every value."
    )


def _nice_step(maximum: int) -> int:
    """A 1, 2 or 5 times a power of ten step giving about four gridlines."""
    if maximum <= 4:
        return 1
    raw = maximum / 4
    magnitude = int(10 ** math.floor(math.log10(raw)))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
