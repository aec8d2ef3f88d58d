"""German banks: checking them against the original and merging the texts."""

from __future__ import annotations

import pytest

from lms.quiz.bank.schema import Scenario
from lms.quiz.bank.translation import check_translation, merge_translation
from tests.quiz.banks import GERMAN, SAMPLE, parse_ok, question

DE_PATH = "quizzes/demo/telephone.de.md"


def german(text: str = GERMAN) -> object:
    return parse_ok(text, DE_PATH, translation=True)


def test_matching_translation_has_no_problems() -> None:
    original = parse_ok(SAMPLE)
    translated = parse_ok(GERMAN, DE_PATH, translation=True)
    assert check_translation(original, translated) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "## Anrufer hören ein Lächeln. {#q-smile .truefalse}\n\n- [x] Wahr\n"
            "- [ ] Falsch\n",
            "",
            "the translation lacks question q-smile",
        ),
        (
            "## Ordnen Sie zu.",
            "## Noch eine? {#q-extra}\n\n= ja\n\n## Ordnen Sie zu.",
            "question q-extra is not in the original quizzes/demo/telephone.md",
        ),
        (
            "{#q-habits .multiple}",
            "{#q-habits .single}\n\n- [x] a\n- [ ] b\n\n## X {#q-x2}",
            "question q-habits is .multiple in the original but .single here",
        ),
        (
            "- [ ] Laut tippen\n",
            "",
            "question q-habits has 4 choices in the original but 3 here",
        ),
        (
            "- [x] Notizen machen\n- [ ] Mittag essen",
            "- [ ] Notizen machen\n- [x] Mittag essen",
            "question q-habits: choice 2 is right in the original but not here",
        ),
        (
            "- [x] Notizen machen\n- [ ] Mittag essen",
            "- [ ] Notizen machen\n- [x] Mittag essen",
            "question q-habits: choice 3 is wrong in the original but not here",
        ),
        ("4. Verabschieden\n", "", "q-call-steps has 4 items to order in the original"),
        ("- -> Fax\n", "", "q-channels has 3 matching lines in the original"),
        (
            "- Eine Preisliste -> E-Mail",
            "- Eine Preisliste -> Anruf",
            "lines that share a right side in one file must share it in the other",
        ),
        ("= 30..40", "= 30..45", "q-rings: the numeric answers differ"),
        ("{#s-angry .scenario}", "{#s-wild .scenario}", "lacks scenario s-angry"),
        (
            "{#s-angry .scenario}",
            "{#s-wild .scenario}",
            "question q-angry-first belongs to s-angry in the original but to s-wild",
        ),
    ],
)
def test_translation_problem(old: str, new: str, message: str) -> None:
    assert old in GERMAN
    translated = parse_ok(GERMAN.replace(old, new), DE_PATH, translation=True)
    problems = check_translation(parse_ok(SAMPLE), translated)
    assert any(message in p.message for p in problems), "\n".join(map(str, problems))
    assert all(p.path == DE_PATH for p in problems)


def test_merge_keeps_key_and_settings_and_takes_texts() -> None:
    original = parse_ok(SAMPLE)
    merged = merge_translation(original, parse_ok(GERMAN, DE_PATH, translation=True))
    assert merged.id == "telephone"
    assert merged.title == "Telefonknigge"
    assert merged.language == "de"
    assert merged.path == DE_PATH
    assert merged.settings == original.settings
    assert [i.id for i in merged.items] == [i.id for i in original.items]
    product = question(merged, "q-unknown-product")
    assert product.stem_html.startswith("<p>Ein Anrufer")
    assert product.tags == ("phone", "basics")
    assert [c.correct for c in product.choices] == [False, True, False, False]
    assert product.choices[3].pinned
    assert product.choices[0].feedback_html == "<p>Das wissen Sie noch nicht.</p>"
    assert product.general_feedback_html == "<p>Allgemeines Feedback.</p>"
    habits = question(merged, "q-habits")
    assert habits.points == 2
    assert [a.text for a in question(merged, "q-last-word").accepted] == [
        "danke",
        "vielen Dank",
    ]
    assert question(merged, "q-call-steps").items[0].text_html == "Begrüßen"
    channels = question(merged, "q-channels")
    assert [p.right_html for p in channels.pairs] == ["Anruf", "E-Mail", "Fax"]
    assert channels.pairs[0].right_id == "r1"
    scenario = merged.items[-1]
    assert isinstance(scenario, Scenario)
    assert scenario.title_html == "Szenario: der verärgerte Anrufer"
    assert scenario.tags == ("difficult",)
    assert scenario.questions[0].stem_html == "<p>Was sagen Sie zuerst?</p>"


def test_merge_falls_back_to_original_for_missing_or_broken_questions() -> None:
    original = parse_ok(SAMPLE)
    text = GERMAN.replace("- [ ] Laut tippen\n", "").replace(
        "## Anrufer hören ein Lächeln. {#q-smile .truefalse}\n\n- [x] Wahr\n"
        "- [ ] Falsch\n",
        "",
    )
    merged = merge_translation(original, parse_ok(text, DE_PATH, translation=True))
    assert question(merged, "q-habits") == question(original, "q-habits")
    assert question(merged, "q-smile") == question(original, "q-smile")
    assert question(merged, "q-rings").stem_html.startswith("<p>Wie viele")
