"""The bench's client-side figures: percentiles, start checks, throughput."""

from bench.latency import nearest_rank, start_error, summarize, throughput


def test_nearest_rank_percentiles() -> None:
    values = [float(n) for n in range(1, 101)]  # 1..100, shuffled order is fine
    assert nearest_rank(list(reversed(values)), 0.5) == 50.0
    assert nearest_rank(values, 0.95) == 95.0
    assert nearest_rank(values, 1.0) == 100.0
    assert nearest_rank([], 0.95) == 0.0
    assert nearest_rank([7.0], 0.95) == 7.0


def test_summary_of_latencies() -> None:
    summary = summarize([10.0, 20.0, 30.0, 1000.04])
    assert (summary.count, summary.p50_ms, summary.p95_ms, summary.max_ms) == (
        4,
        20.0,
        1000.0,
        1000.0,
    )
    assert summarize([]).max_ms == 0.0


def test_a_start_that_lands_on_the_attempt_page_is_no_error() -> None:
    page = '<input type="hidden" name="revision" value="0">'
    assert start_error(302, "http://h/attempts/AbC", 200, page) == ""
    assert start_error(303, "/attempts/AbC", 200, page) == ""


def test_anything_else_is_an_error() -> None:
    page = '<input name="revision" value="0">'
    assert start_error(500, "", 0, "") == "start answered 500"
    assert start_error(200, "", 0, "") == "start answered 200"
    # Gated or logged out: a redirect, but not to an attempt.
    assert start_error(302, "/login?next=x", 200, page) == "start redirected to /login"
    assert "redirected" in start_error(302, "/courses/c/quiz/final", 200, page)
    assert start_error(302, "/attempts/x", 502, page) == "attempt page answered 502"
    assert "revision" in start_error(302, "/attempts/x", 200, "<h1>Log in</h1>")


def test_throughput() -> None:
    assert throughput(300, 10.0) == 30.0
    assert throughput(5, 0.0) == 0.0


def test_mixed_responses_are_checked_for_the_real_page() -> None:
    from bench.latency import mixed_error

    lesson = '<main><article class="lesson" lang="en">'
    assert mixed_error("lesson view", 200, lesson, "") == ""
    assert mixed_error("lesson view", 200, "<h1>Log in</h1>", "") != ""
    assert mixed_error("lesson view", 302, "", "/login") == "lesson view answered 302"
    assert mixed_error("autosave", 200, '{"revision": 4}', "") == ""
    assert mixed_error("autosave", 409, '{"revision": 4}', "") != ""
    assert mixed_error("autosave", 200, "<html>", "") != ""
    assert mixed_error("complete", 302, "", "/courses/c/m/next") == ""
    assert mixed_error("complete", 302, "", "http://h/login?next=/x") != ""
    assert mixed_error("complete", 400, "", "") == "complete answered 400"


def test_per_kind_counts_good_requests_per_second() -> None:
    from bench.latency import per_kind

    outcomes = [("lesson view", "")] * 9 + [("lesson view", "x"), ("autosave", "")]
    table = per_kind(outcomes, 2.0)
    assert table["lesson view"] == {"requests": 10, "errors": 1, "per_second": 4.5}
    assert table["autosave"] == {"requests": 1, "errors": 0, "per_second": 0.5}


def test_the_readme_table_puts_each_figure_beside_its_reference() -> None:
    from bench.results import markdown_table

    document = {
        "figures": [
            {
                "scenario": "lesson",
                "name": "lesson page throughput",
                "value": 612.4,
                "unit": "requests/s",
                "baseline": 3870.8,
                "ratio": 0.158,
                "target": "ratio >= 0.5",
                "met": False,
                "details": {"errors": 0},
            },
            {
                "scenario": "sync",
                "name": "first sync of 200 lessons",
                "value": 1.42,
                "unit": "s",
                "target": "",
                "met": None,
                "details": {},
            },
        ]
    }
    lines = markdown_table(document).splitlines()
    assert lines[2] == (
        "| lesson | lesson page throughput | 612 requests/s, 0 errors "
        "| 3,871 requests/s | 0.16 | ratio >= 0.5: **not met** |"
    )
    assert lines[3] == "| sync | first sync of 200 lessons | 1.42 s | – | – | – |"
