"""Rendering Markdown: extensions, table of contents, sanitizing, link hooks."""

from __future__ import annotations

import threading

import pytest

from lms.content.render import render_markdown
from lms.content.schema import TocEntry


def html_of(text: str) -> str:
    return render_markdown(text).html


def test_headings_get_stable_anchors_and_a_toc() -> None:
    text = (
        "# Welcome & hello\n\n## The smile you can hear\n\n### Straße\n\n"
        "## Custom {#my-anchor}\n\n## The smile you can hear\n"
    )
    first = render_markdown(text)
    assert first == render_markdown(text)
    assert first.toc == (
        TocEntry(1, "welcome-hello", "Welcome & hello"),
        TocEntry(2, "the-smile-you-can-hear", "The smile you can hear"),
        TocEntry(3, "straße", "Straße"),
        TocEntry(2, "my-anchor", "Custom"),
        TocEntry(2, "the-smile-you-can-hear_1", "The smile you can hear"),
    )
    assert '<h2 id="the-smile-you-can-hear">The smile you can hear</h2>' in first.html
    assert '<h2 id="my-anchor">Custom</h2>' in first.html
    assert "headerlink" not in first.html  # no permalink markers


def test_toc_title_is_plain_text() -> None:
    toc = render_markdown("## Use `code` and *stress*\n").toc
    assert toc == (TocEntry(2, "use-code-and-stress", "Use code and stress"),)


def test_admonitions() -> None:
    html = html_of('!!! tip "Say the name"\n    Use it once or twice.\n')
    assert '<div class="admonition tip">' in html
    assert '<p class="admonition-title">Say the name</p>' in html
    assert "<p>Use it once or twice.</p>" in html


def test_details_closed_and_open() -> None:
    closed = html_of('??? note "Show the answer"\n    Forty-two.\n')
    assert '<details class="note">' in closed
    assert "<summary>Show the answer</summary>" in closed
    opened = html_of('???+ warning "Careful"\n    Hot.\n')
    assert '<details class="warning" open="">' in opened


def test_footnotes() -> None:
    html = html_of("Claim.[^1]\n\n[^1]: Source.\n")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html
    assert '<div class="footnote">' in html
    assert '<li id="fn:1">' in html
    assert 'class="footnote-backref" href="#fnref:1"' in html


def test_tables_keep_alignment_without_style() -> None:
    html = html_of("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in html
    assert '<th align="left">a</th>' in html
    assert '<td align="right">2</td>' in html
    assert "style" not in html


def test_fenced_code_also_nested_in_admonitions() -> None:
    html = html_of(
        '```python\nprint("<b>")\n```\n\n!!! note\n    ```js\n    go()\n    ```\n'
    )
    assert (
        '<pre class="highlight"><code class="language-python">'
        'print("&lt;b&gt;")</code></pre>'
    ) in html
    assert '<code class="language-js">go()</code>' in html


def test_definition_lists_and_attribute_lists() -> None:
    html = html_of("Term\n:   Meaning\n\nLead text\n{: .lead #intro }\n")
    assert "<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>" in html
    assert '<p class="lead" id="intro">Lead text</p>' in html


def test_task_lists_stay_text() -> None:
    # Quiz syntax must never turn into checked boxes on a page.
    html = html_of("- [x] right\n- [ ] wrong\n")
    assert "<li>[x] right</li>" in html
    assert "input" not in html


def test_snippets_are_off() -> None:
    assert "root:" not in html_of('--8<-- "/etc/passwd"\n')


@pytest.mark.parametrize(
    ("markdown", "absent", "present"),
    [
        ("<script>alert(1)</script>Text", ["<script", "alert"], ["Text"]),
        ('<a href="/x" onclick="steal()">go</a>', ["onclick", "steal"], [">go</a>"]),
        ('<img src="x.png" onerror="steal()">', ["onerror"], ['src="x.png"']),
        ("[click](javascript:alert(1))", ["javascript", "href"], [">click</a>"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["alert", "href"], [">x</a>"]),
        ("[page](data:text/html,<b>hi</b>)", ["data:", "href"], []),
        (
            "![dot](data:image/png;base64,iVBORw0KGgo=)",
            [],
            ['src="data:image/png;base64,iVBORw0KGgo="'],
        ),
        ("![svg](data:image/svg+xml;base64,PHN2Zz4=)", ["data:", "src"], ['alt="svg"']),
        ('<p style="color: red">red</p>', ["style", "color"], ["<p>red</p>"]),
        ("Para\n{: style='display:none' }\n", ["style"], ["<p>Para</p>"]),
        (
            '<iframe src="https://evil.example"></iframe>End',
            ["iframe", "evil"],
            ["End"],
        ),
        ("<style>body{display:none}</style>Ok", ["<style", "display"], ["Ok"]),
        ('<form action="/x"><input name="a"></form>', ["<form", "<input"], []),
        ('<object data="x.swf"></object>', ["object", "swf"], []),
        ("<!-- secret comment -->Text", ["secret"], ["Text"]),
        ('<a href="vbscript:x">v</a>', ["vbscript"], []),
        (
            '<a href="https://e.com" target="_blank">e</a>',
            ["target"],
            ["https://e.com"],
        ),
        ("<span>kept text</span>", ["<span"], ["kept text"]),
    ],
)
def test_sanitizing(markdown: str, absent: list[str], present: list[str]) -> None:
    html = html_of(markdown)
    for text in absent:
        assert text not in html
    for text in present:
        assert text in html


def test_external_links_get_rel_and_allowed_schemes_survive() -> None:
    html = html_of("[a](https://example.com/x?q=1) [m](mailto:help@example.com)\n")
    assert '<a href="https://example.com/x?q=1" rel="noopener noreferrer">a</a>' in html
    assert 'href="mailto:help@example.com"' in html


def test_resolve_link_rewrites_relative_links_and_images() -> None:
    seen: list[str] = []

    def resolve(href: str) -> str | None:
        seen.append(href)
        return None if "missing" in href else f"/resolved/{href}"

    html = render_markdown(
        "[next](02-next.md#part) ![pic](assets/a.png) [gone](missing.md)\n"
        '<a href="raw.md">raw</a> [top](#top) [site](/courses/x) '
        "[ext](https://e.com/a.md) [proto](//e.com/b)\n",
        resolve_link=resolve,
    ).html
    assert seen == ["02-next.md#part", "assets/a.png", "missing.md", "raw.md"]
    assert 'href="/resolved/02-next.md#part"' in html
    assert 'src="/resolved/assets/a.png"' in html
    assert 'href="/resolved/raw.md"' in html
    assert '<a rel="noopener noreferrer">gone</a>' in html
    assert 'href="#top"' in html
    assert 'href="/courses/x"' in html
    assert 'href="https://e.com/a.md"' in html


def test_relative_links_are_kept_without_a_resolver() -> None:
    assert 'href="02-next.md"' in html_of("[next](02-next.md)")


def test_renders_in_parallel_threads() -> None:
    text = "# Title\n\nText[^1]\n\n[^1]: Note.\n"
    expected = render_markdown(text)
    results: list[object] = []

    def work() -> None:
        results.extend(render_markdown(text) for _ in range(20))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 80
