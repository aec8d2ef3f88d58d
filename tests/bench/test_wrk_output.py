"""`make bench` reads wrk's report: the right lines, and errors for wrong pages."""

from __future__ import annotations

import pytest

from bench.load import parse_wrk

# A real wrk 4.1 report with --latency and bench/check.lua. The "Latency" line's
# last column (+/- Stdev, here 62.50%) once matched the p50 pattern.
REPORT = """Running 5s test @ http://127.0.0.1:40123/courses/x
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   105.22ms   30.12ms 294.36ms   62.50%
    Req/Sec    67.41     20.11   120.00     71.00%
  Latency Distribution
     50%  106.31ms
     75%  120.02ms
     90%  140.50ms
     99%  294.36ms
  672 requests in 5.02s, 10.21MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:    133.89
Transfer/sec:      2.03MB
Not the page: 5
"""


def test_percentiles_come_from_the_distribution_not_the_stdev_column() -> None:
    figures = parse_wrk(REPORT)
    assert figures.p50_ms == pytest.approx(106.31)
    assert figures.p99_ms == pytest.approx(294.36)
    assert figures.requests_per_second == pytest.approx(133.89)


def test_wrong_pages_and_socket_errors_count_as_errors() -> None:
    assert parse_wrk(REPORT).errors == 5 + 3


def test_a_latency_in_seconds_is_read_in_milliseconds() -> None:
    report = REPORT.replace("99%  294.36ms", "99%    1.20s")
    assert parse_wrk(report).p99_ms == pytest.approx(1200.0)


def test_a_report_without_the_page_check_is_refused() -> None:
    # Without the script, redirects to the login page would count as success.
    with pytest.raises(RuntimeError, match="not as expected"):
        parse_wrk(REPORT.replace("Not the page: 5\n", ""))
