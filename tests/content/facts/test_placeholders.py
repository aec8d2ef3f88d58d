"""Company facts as pure functions: finding and filling `{{ name }}` placeholders."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lms.content.facts.placeholders import Facts, apply_facts, find_uses, substitute

FACTS = Facts(
    language="en",
    declared=("company_name", "escalation_contact", "legal_contact"),
    values={
        "en": {
            "company_name": "Northwind",
            "escalation_contact": "your team lead",
            "legal_contact": "",
        },
        "de": {"escalation_contact": "Ihre Teamleitung"},
    },
)


def test_placeholders_are_filled_with_or_without_spaces() -> None:
    text = "Welcome to {{company_name}}.\nAsk {{  escalation_contact }}."
    filled, problems = apply_facts(text, FACTS, "en", "x.md", 5)
    assert filled == "Welcome to Northwind.\nAsk your team lead."
    assert problems == []


def test_a_translation_uses_its_own_value_else_the_original() -> None:
    text = "{{ company_name }}: {{ escalation_contact }}"
    filled, _ = apply_facts(text, FACTS, "de", "x.de.md", 1)
    assert filled == "Northwind: Ihre Teamleitung"


def test_unknown_fact_is_reported_at_its_line_with_a_hint() -> None:
    text = "Line one.\n\nCall {{ escalation_contac }} now."
    filled, problems = apply_facts(text, FACTS, "en", "a/b.md", 10)
    assert [str(p) for p in problems] == [
        "a/b.md:12: unknown fact 'escalation_contac'; declared facts: "
        "company_name, escalation_contact, legal_contact. "
        "Did you mean 'escalation_contact'?"
    ]
    assert "{{ escalation_contac }}" in filled  # left as written


def test_a_course_without_facts_says_so() -> None:
    _, problems = apply_facts("{{ x }}", Facts(language="en"), "en", "p.md", 3)
    assert problems[0].line == 3
    assert "this course declares no facts" in problems[0].message


def test_empty_fact_says_where_to_set_it() -> None:
    _, problems = apply_facts("Write to {{ legal_contact }}.", FACTS, "en", "p.md", 7)
    assert [(p.line, p.message) for p in problems] == [
        (
            7,
            "fact 'legal_contact' has no value; set it under 'facts:' in "
            "course.md or in the instance file (LMS_COURSE_FACTS)",
        )
    ]


def test_code_and_escaped_braces_are_left_alone() -> None:
    text = (
        "Use `{{ company_name }}` in a lesson.\n"
        "```\n{{ company_name }}\n```\n"
        "~~~~\n{{ nothing }}\n~~~~\n"
        "Literal: \\{{ company_name }}; real: {{ company_name }}"
    )
    filled, problems = apply_facts(text, FACTS, "en", "p.md", 1)
    assert problems == []
    assert filled == text.replace("real: {{ company_name }}", "real: Northwind")


def test_find_uses_reports_lines() -> None:
    uses = find_uses("a\n{{ one }} and {{two}}\n\n{{ three }}")
    assert [(u.name, u.line) for u in uses] == [("one", 2), ("two", 2), ("three", 4)]


_NO_BRACES = st.text(st.characters(blacklist_characters="{}"), max_size=200)


@given(_NO_BRACES)
def test_text_without_placeholders_is_unchanged(text: str) -> None:
    assert substitute(text, {"company_name": "X"}) == text
    assert apply_facts(text, FACTS, "en", "p.md", 1) == (text, [])


@given(st.text(max_size=200))
def test_substituting_nothing_changes_nothing(text: str) -> None:
    assert substitute(text, {}) == text


@given(st.lists(st.sampled_from(["a ", "\n", "`", "x", "{{ company_name }}"])))
def test_every_filled_placeholder_disappears_outside_code(parts: list[str]) -> None:
    text = "".join(parts)
    filled = substitute(text, {"company_name": "Northwind"})
    remaining = len(find_uses(filled))
    assert remaining == 0
    assert filled.count("Northwind") == len(find_uses(text))
