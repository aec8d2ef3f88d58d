"""Item-writing warnings in `lms content check`, sync and the authoring page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.content.course_tree import write_tree
from tests.fixtures.content import bank

# The basics bank with five true/false questions, all keyed False: a learner who
# always answers "False" passes them.
ONE_SIDED = bank("basics", "Basics quiz") + "".join(
    f"## Statement {n} about greeting customers. {{#q-basics-tf-{n} .truefalse}}\n\n"
    "- [ ] True\n- [x] False\n\n"
    for n in range(1, 6)
)
BANK = "quizzes/cse/basics.md"


def first_true_false_line(root: Path) -> int:
    lines = (root / BANK).read_text().splitlines()
    return 1 + next(n for n, line in enumerate(lines) if "tf-1" in line)


def test_check_prints_warnings_and_strict_makes_them_errors(
    runner: Any, content_root: Path
) -> None:
    write_tree(content_root, {BANK: ONE_SIDED})
    line = first_true_false_line(content_root)
    result = runner.invoke(args=["content", "check", str(content_root)])
    assert result.exit_code == 0, result.output
    assert (
        f"{BANK}:{line}: warning: 5 of 5 true/false questions are keyed False"
        in result.output
    )
    assert "no problems found" in result.output

    strict = runner.invoke(args=["content", "check", "--strict", str(content_root)])
    assert strict.exit_code == 1
    assert f"{BANK}:{line}: 5 of 5 true/false questions are keyed False" in (
        strict.output
    )


def test_strict_sync_changes_nothing_and_plain_sync_goes_ahead(
    runner: Any, content_root: Path
) -> None:
    write_tree(content_root, {BANK: ONE_SIDED})
    strict = runner.invoke(args=["content", "sync", "--strict", str(content_root)])
    assert strict.exit_code == 1
    assert "nothing was changed" in strict.output
    plain = runner.invoke(args=["content", "sync", str(content_root)])
    assert plain.exit_code == 0, plain.output
    assert "3 added" in plain.output
    assert "warning: 5 of 5 true/false questions" in plain.output


def test_the_authoring_page_lists_the_warnings(
    client: Any, auth: Any, content_root: Path
) -> None:
    auth.login("author")
    before = client.get("/author/").get_data(as_text=True)
    write_tree(content_root, {BANK: ONE_SIDED})
    html = client.get("/author/").get_data(as_text=True)
    assert (
        html.count('<li class="warning">') == before.count('<li class="warning">') + 1
    )
    assert "warnings (item-writing cues, missing translations)" in html
    # In the one sorted list of problems, marked as a warning, not folded away.
    assert (
        f'<li class="warning"><code>{BANK}:{first_true_false_line(content_root)}'
        "</code> <strong>Warning:</strong>"
    ) in html
    assert '<details class="warnings">' not in html
    assert "No problems found." in html  # warnings do not block a sync


def test_a_warning_in_a_translation_points_at_its_own_file_and_line(
    runner: Any, content_root: Path
) -> None:
    german = (
        "---\ntitle: Grundlagen\n---\n\n"
        "## Welche Begrüßung passt am besten? {#q-basics-greeting}\n\n"
        "- [x] Guten Morgen, wie kann ich helfen?\n  > Freundlich.\n- [ ] Was?\n\n"
        + "".join(
            f"## Aussage {n} über die Begrüßung. {{#q-basics-tf-{n} .truefalse}}\n\n"
            "- [ ] Wahr\n- [x] Falsch\n\n"
            for n in range(1, 6)
        )
    )
    write_tree(content_root, {BANK: ONE_SIDED, "quizzes/cse/basics.de.md": german})
    line = 1 + german.splitlines().index(
        "## Aussage 1 über die Begrüßung. {#q-basics-tf-1 .truefalse}"
    )
    result = runner.invoke(args=["content", "check", str(content_root)])
    # (The short translation also lacks a question: that problem is not the point.)
    assert f"quizzes/cse/basics.de.md:{line}: warning: 5 of 5" in result.output


def test_check_prints_missing_translations_as_warnings_also_when_strict(
    runner: Any, content_root: Path
) -> None:
    write_tree(content_root, {"courses/cse/course.de.md": "---\ntitle: K\n---\nT.\n"})
    for args in (["content", "check"], ["content", "check", "--strict"]):
        result = runner.invoke(args=[*args, str(content_root)])
        assert result.exit_code == 0, result.output
        assert "courses/cse/course.md:1: warning: not translated into 'de'" in (
            result.output
        )
        assert "no problems found" in result.output
