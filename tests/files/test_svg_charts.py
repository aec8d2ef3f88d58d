"""SVG charts: valid XML, accessible names, escaping, contrast, data tables."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest

from lms.files.svg_charts import (
    LINE_COLOUR,
    SERIES_STYLES,
    TEXT_COLOUR,
    bar_chart_svg,
    bar_chart_table,
    chart_table_html,
    line_chart_svg,
    line_chart_table,
)

SVG = "{http://www.w3.org/2000/svg}"
STATUSES = ["completed", "in progress", "not started", "overdue", "expiring", "expired"]
EVIL = '<script>alert("x")</script> & Co'


def parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)  # noqa: S314 (our own output)


def status_series(*rows: list[int]) -> list[tuple[str, list[int]]]:
    return [(name, [row[i] for row in rows]) for i, name in enumerate(STATUSES)]


def assert_accessible(root: ElementTree.Element, title: str) -> str:
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_element, desc_element = root[0], root[1]
    assert title_element.tag == f"{SVG}title"
    assert title_element.text == title
    assert desc_element.tag == f"{SVG}desc"
    assert root.get("aria-labelledby") == (
        f"{title_element.get('id')} {desc_element.get('id')}"
    )
    assert list(root.iter(f"{SVG}script")) == []
    return desc_element.text or ""


def test_bar_chart_is_valid_accessible_svg() -> None:
    svg = bar_chart_svg(
        "Status by department",
        ["Sales", "IT"],
        status_series([5, 2, 1, 1, 0, 3], [0, 0, 0, 0, 0, 0]),
    )
    root = parse(svg)
    desc = assert_accessible(root, "Status by department")
    assert "2 bars, 12 in all" in desc
    assert "Sales: completed 5, in progress 2" in desc
    assert "IT: completed 0" in desc
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    assert "Sales, completed: 5" in tooltips
    assert "Sales, expired: 3" in tooltips
    assert not any(t and t.startswith("IT,") for t in tooltips)  # empty segments
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "12" in texts  # the total beside the bar
    assert set(STATUSES) <= set(texts)  # the legend names every series
    patterns = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert len(set(patterns)) == len(STATUSES)


def test_bar_chart_escapes_every_name() -> None:
    svg = bar_chart_svg(EVIL, [EVIL, "x" * 60], [(EVIL, [1, 2]), ("b", [0, 1])])
    assert "<script>" not in svg
    root = parse(svg)
    desc = assert_accessible(root, EVIL)
    assert EVIL in desc
    labels = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert [label[0].text for label in labels] == [EVIL, "x" * 60]
    assert labels[1][0].tail is not None
    assert labels[1][0].tail.endswith("…")


def test_bar_chart_with_nothing_to_show() -> None:
    root = parse(bar_chart_svg("Empty", [], status_series()))
    assert assert_accessible(root, "Empty") == "No data."
    zeros = parse(bar_chart_svg("Zero", ["A"], [("completed", [0])]))
    assert "A: completed 0" in assert_accessible(zeros, "Zero")
    assert list(zeros.iter(f"{SVG}rect"))  # legend swatch only


def test_more_series_than_styles_reuse_patterns() -> None:
    series = [(f"s{i}", [i]) for i in range(9)]
    root = parse(bar_chart_svg("Many", ["A"], series))
    assert len(list(root.iter(f"{SVG}pattern"))) == len(SERIES_STYLES)


@pytest.mark.parametrize(
    ("categories", "series"),
    [(["A", "B"], [("s", [1])]), (["A"], [("s", [-1])])],
)
def test_bar_chart_rejects_bad_data(
    categories: list[str], series: list[tuple[str, list[int]]]
) -> None:
    with pytest.raises(ValueError, match="series 's'"):
        bar_chart_svg("T", categories, series)


def test_chart_ids_are_unique_per_chart_and_sanitised() -> None:
    one = parse(bar_chart_svg("One", ["A"], [("s", [1])]))
    two = parse(bar_chart_svg("Two", ["A"], [("s", [1])]))
    assert one[0].get("id") != two[0].get("id")
    named = parse(bar_chart_svg("T", ["A"], [("s", [1])], chart_id='a "b" <c>'))
    assert named[0].get("id") == "chart-a--b---c--title"


def luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


@pytest.mark.parametrize("colour", [c for c, _ in SERIES_STYLES] + [TEXT_COLOUR])
def test_colours_reach_text_contrast_against_white(colour: str) -> None:
    assert contrast_with_white(colour) >= 4.5


def test_line_colour_and_patterns_are_distinct() -> None:
    assert contrast_with_white(LINE_COLOUR) >= 3
    assert len({pattern for _, pattern in SERIES_STYLES}) == len(SERIES_STYLES)
    assert len({colour for colour, _ in SERIES_STYLES}) == len(SERIES_STYLES)


START = date(2024, 1, 1)


def test_line_chart_is_valid_accessible_svg() -> None:
    points = [
        (START + timedelta(days=7 * i), value) for i, value in enumerate([3, 9, 0, 4])
    ]
    root = parse(line_chart_svg("Completions over time", list(reversed(points))))
    desc = assert_accessible(root, "Completions over time")
    assert "4 dates from 2024-01-01 to 2024-01-22, 16 in all" in desc
    assert "Highest 9 on 2024-01-08; lowest 0 on 2024-01-15" in desc
    markers = [c[0].text for c in root.iter(f"{SVG}circle")]
    assert markers == [
        "2024-01-01: 3",
        "2024-01-08: 9",
        "2024-01-15: 0",
        "2024-01-22: 4",
    ]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"2024-01-01", "2024-01-22", "3", "9", "0", "4"} <= set(texts)
    assert len(list(root.iter(f"{SVG}polyline"))) == 1


def test_line_chart_many_points_keeps_markers_but_drops_value_labels() -> None:
    points = [(START + timedelta(days=i), i % 7) for i in range(100)]
    root = parse(line_chart_svg("Daily", points, value_label="Abschlüsse"))
    assert len(list(root.iter(f"{SVG}circle"))) == 100
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Abschlüsse" in texts
    assert len(texts) < 30


@pytest.mark.parametrize(
    "points",
    [[], [(START, 0)], [(START, 5)], [(START, 1), (START, 2)], [(START, 10**6)]],
)
def test_line_chart_edge_cases_stay_valid(points: list[tuple[date, int]]) -> None:
    root = parse(line_chart_svg(EVIL, points, value_label=EVIL))
    desc = assert_accessible(root, EVIL)
    if points:
        assert desc.startswith(EVIL)
    else:
        assert desc == "No data."


def test_line_chart_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        line_chart_svg("T", [(START, -1)])


def test_chart_table_escapes_and_marks_headers() -> None:
    html = chart_table_html(
        EVIL,
        ["Department", EVIL],
        [[EVIL, 3], ["IT", None], [START, 1.5]],
        visually_hidden=True,
        table_id="t1",
    )
    assert "<script>" not in html
    root = parse(html)
    assert root.get("class") == "chart-table visually-hidden"
    assert root.get("id") == "t1"
    assert root.findtext("caption") == EVIL
    assert [th.get("scope") for th in root.iter("th")] == ["col"] * 2 + ["row"] * 3
    body = [[cell.text for cell in row] for row in root.iter("tr")][1:]
    assert body == [[EVIL, "3"], ["IT", None], ["2024-01-01", "1.5"]]


def test_bar_and_line_tables_hold_every_value() -> None:
    series = status_series([5, 2, 1, 1, 0, 3], [1, 1, 1, 1, 1, 1])
    root = parse(bar_chart_table("Status", ["Sales", "IT"], series))
    assert root.get("class") == "chart-table"
    rows = [[cell.text for cell in row] for row in root.iter("tr")]
    assert rows == [
        ["Department", *STATUSES, "Total"],
        ["Sales", "5", "2", "1", "1", "0", "3", "12"],
        ["IT", "1", "1", "1", "1", "1", "1", "6"],
    ]
    points = [(START + timedelta(days=1), 4), (START, 2)]
    line = parse(line_chart_table("Over time", points, value_label="Abschlüsse"))
    assert [[c.text for c in row] for row in line.iter("tr")] == [
        ["Date", "Abschlüsse"],
        ["2024-01-01", "2"],
        ["2024-01-02", "4"],
    ]
