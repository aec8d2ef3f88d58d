"""The shipped course says one thing once: no cues in the banks, no contradictions
between lessons and quizzes, and a course page that tells the exam's real rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from lms.quiz.bank.loader import load_course_banks
from lms.quiz.bank.schema import Bank, BankSettings, Question, Scenario
from lms.quiz.bank.types.short import normalize_text
from lms.sync import check_all
from tests.course.item_stats import practice_stats

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "courses" / "customer-service-essentials"
QUIZZES = ROOT / "quizzes" / "customer-service-essentials"
LANGUAGES = ("en", "de")


@pytest.fixture(scope="module")
def banks() -> dict[str, object]:
    found, problems = load_course_banks(QUIZZES, ROOT / "quizzes")
    assert problems == []
    return found  # type: ignore[return-value]


def _bank(banks: dict[str, object], bank_id: str, language: str) -> Bank:
    bank_set = banks[bank_id]
    original: Bank = bank_set.original  # type: ignore[attr-defined]
    if language == original.language:
        return original
    return bank_set.by_language[language]  # type: ignore[attr-defined, no-any-return]


def _lesson(relative: str, language: str) -> str:
    suffix = ".md" if language == "en" else f".{language}.md"
    return (COURSE / f"{relative}{suffix}").read_text(encoding="utf-8")


def _sections(markdown: str) -> dict[str, str]:
    """Level-2 sections of a lesson by heading (the text before any is under '')."""
    sections: dict[str, str] = {}
    heading = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            continue
        sections[heading] = sections.get(heading, "") + line + "\n"
    return sections


def _endorsed(question: Question) -> Iterator[str]:
    """What a question presents as true: its stem, right options and all feedback."""
    yield question.stem_md
    yield question.general_feedback_md
    for choice in question.choices:
        yield choice.feedback_md
        if choice.correct:
            yield choice.text_md


# -- no cues -------------------------------------------------------------------


def test_the_shipped_content_passes_the_strict_check() -> None:
    """What CI runs: `lms content check --strict` finds no problem and no cue."""
    report = check_all(ROOT / "courses", ROOT / "quizzes", strict=True)
    assert [str(p) for p in report.problems] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_practice_banks_give_test_wise_learners_nothing_to_go_on(language: str) -> None:
    rows = [s for s in practice_stats(ROOT / "quizzes") if s.language == language]
    assert len(rows) == 8
    singles = sum(s.singles for s in rows)
    longest = sum(s.key_longest for s in rows)
    # Neither "pick the longest" nor "never pick the longest" beats chance much.
    assert 0.15 * singles <= longest <= 0.35 * singles, (longest, singles)
    for stats in rows:
        assert stats.key_longest <= 0.4 * stats.singles, stats.bank
        positions = {p for p, n in stats.key_positions.items() if n}
        assert len(positions) >= 3, (stats.bank, stats.key_positions)
    true_keys = sum(s.true_keys for s in rows)
    false_keys = sum(s.false_keys for s in rows)
    assert true_keys >= 3, (true_keys, false_keys)
    assert false_keys >= 3, (true_keys, false_keys)
    right_counts = {r.split("/")[0] for s in rows for r in s.right_counts}
    assert len(right_counts) >= 3, right_counts


@pytest.mark.parametrize(
    ("bank_id", "question_id", "language", "answers", "wrong"),
    [
        (
            "scenarios",
            "q-scen-calm-first",
            "en",
            ["calm the customer down", "calm him down first", "let him vent"],
            [],
        ),
        (
            "scenarios",
            "q-scen-calm-first",
            "de",
            ["ihn zuerst beruhigen", "Dampf ablassen lassen", "den Kunden beruhigen"],
            ["beschwichtigen"],
        ),
        (
            "customers-and-service",
            "q-cust-term",
            "en",
            ["internal client", "Internal customers"],
            [],
        ),
        (
            "customers-and-service",
            "q-cust-term",
            "de",
            ["internen Kunden", "interner Kunde"],
            [],
        ),
    ],
)
def test_short_answers_accept_the_usual_ways_of_saying_it(
    banks: dict[str, object],
    bank_id: str,
    question_id: str,
    language: str,
    answers: list[str],
    wrong: list[str],
) -> None:
    question = next(
        q for q in _bank(banks, bank_id, language).questions() if q.id == question_id
    )
    accepted = {normalize_text(a.text) for a in question.accepted}
    assert {normalize_text(a) for a in answers} <= accepted
    assert not {normalize_text(w) for w in wrong} & accepted


# -- no contradictions ---------------------------------------------------------

CHAT_MAY_WAIT = {
    "en": re.compile(r"\bchat\b[^.\n]*\bcan\b[^.\n]*\bwait\b", re.IGNORECASE),
    "de": re.compile(r"chat\w*\b[^.\n]*\b(kann|können)\b[^.\n]*\bwarten\b", re.I),
}
HOLDING_MESSAGE = {"en": "holding message", "de": "Zwischennachricht"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_lesson_or_key_says_a_chat_can_wait(
    banks: dict[str, object], language: str
) -> None:
    """The visitor at the desk comes first; the chat gets a holding message or a
    colleague. Wrong options may say a chat can wait, nothing else may."""
    claims = CHAT_MAY_WAIT[language]
    suffix = ".md" if language == "en" else f".{language}.md"
    lessons = [p for p in COURSE.rglob("*.md") if p.name.endswith(suffix)]
    if language == "en":
        lessons = [p for p in lessons if not re.search(r"\.[a-z]{2}\.md$", p.name)]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in lessons
        for match in claims.finditer(path.read_text(encoding="utf-8"))
    ]
    for bank_id in banks:
        for question in _bank(banks, bank_id, language).questions():
            found += [
                f"{bank_id} {question.id}: {m.group(0)}"
                for text in _endorsed(question)
                for m in claims.finditer(text)
            ]
    assert found == []
    for lesson in (
        "02-first-impressions/03-requests-at-your-desk",
        "05-netiquette/01-chat-and-email",
    ):
        assert HOLDING_MESSAGE[language] in _lesson(lesson, language), lesson


THREAT_LESSON = "06-difficult-customers/03-vulgarity-insults-threats"
LEGAL = {"en": "legal", "de": "rechtlich"}
PHYSICAL = {"en": "physical", "de": "körperlich"}
SAFETY_HELP = {"en": ("security", "police"), "de": ("Sicherheitsdienst", "Polizei")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_legal_and_physical_threats_have_their_own_procedures(language: str) -> None:
    sections = _sections(_lesson(THREAT_LESSON, language))
    legal = [h for h in sections if LEGAL[language] in h.lower()]
    physical = [h for h in sections if PHYSICAL[language] in h.lower()]
    assert len(legal) == 1, list(sections)
    assert len(physical) == 1, list(sections)
    assert legal != physical, "one section for both kinds of threat"
    legal_text, physical_text = sections[legal[0]], sections[physical[0]]
    for word in SAFETY_HELP[language]:
        assert word in physical_text
        assert word not in legal_text, f"{word} in the legal-threat procedure"
    assert re.search(r"^\d\. ", legal_text, re.M), "no numbered steps"
    assert re.search(r"^\d\. ", physical_text, re.M), "no numbered steps"


ADMISSION = {
    "en": re.compile(
        r"gone wrong|our (fault|mistake|error)|we (made a mistake|got it wrong)"
        r"|put (this|it) right|fault (is )?on our side|the fault is ours",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"schiefgegangen|schiefgelaufen|unser (Fehler|Versehen)"
        r"|in Ordnung (zu )?bringen|Fehler (liegt )?(eindeutig )?bei uns",
        re.IGNORECASE,
    ),
}
LEGAL_CASE = {"en": "Case 7", "de": "Fall 7"}
EXERCISE_OPTION = re.compile(r"^\( \) .*$", re.MULTILINE)
# Exam-pool questions in which a customer threatens legal action.
LEGAL_EXAM_ITEMS = ("q-xscn-email-legal", "q-xscn-match")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_legal_threat_cases_admit_no_fault(
    banks: dict[str, object], language: str
) -> None:
    """Say you will find out what happened, never that something went wrong: in
    the lesson's legal-threat case, the practice scenario and the exam items.
    Wrong options may admit fault (learners must reject them), nothing else may."""
    admits = ADMISSION[language]
    lesson = _sections(_lesson("07-scenarios/04-under-pressure", language))
    case = next(
        text
        for heading, text in lesson.items()
        if heading.startswith(LEGAL_CASE[language])
    )
    # The customer's own words ("three days ... are gone") are his to say, and
    # an exercise's options include the wrong moves on purpose.
    assert admits.findall(EXERCISE_OPTION.sub("", case)) == []
    assert admits.search(case), "the exercise offers no admission to reject"
    scenario = next(
        item
        for item in _bank(banks, "scenarios", language).items
        if isinstance(item, Scenario) and item.id == "s-scen-legal"
    )
    exam = [
        q
        for q in _bank(banks, "exam-scenarios", language).questions()
        if q.id in LEGAL_EXAM_ITEMS
    ]
    assert len(exam) == len(LEGAL_EXAM_ITEMS)
    for question in [*scenario.questions, *exam]:
        for text in _endorsed(question):
            assert admits.findall(text) == [], (question.id, text)


def test_juran_is_credited_with_popularising_the_internal_customer() -> None:
    """Juran popularised the idea in the late 1980s; he did not introduce it in 1988."""
    lines = [
        (path, line)
        for path in [*COURSE.rglob("*.md"), *QUIZZES.rglob("*.md")]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "Juran" in line
    ]
    assert lines
    for path, line in lines:
        assert "1988" not in line, path
        assert not re.search(
            r"\b(introduced|brought|invented|eingeführt|erfunden)\b", line
        ), path
        assert re.search(r"populari[sz]ed|bekannt gemacht", line), (path, line)


# -- the course page tells the exam's real rules --------------------------------

CERTIFICATION = {"en": "certification", "de": "zertifizierung"}
WORDS = {
    "en": {"questions": "questions", "minutes": "minutes", "days": "days"},
    "de": {"questions": "Fragen", "minutes": "Minuten", "days": "Tage"},
}


def _course_text(language: str) -> tuple[str, str]:
    name = "course.md" if language == "en" else f"course.{language}.md"
    text = (COURSE / name).read_text(encoding="utf-8")
    sections = _sections(text.split("---", 2)[2])
    heading = next(h for h in sections if CERTIFICATION[language] in h.lower())
    return sections[heading], text


def _numbers(text: str, word: str) -> set[int]:
    return {int(n) for n in re.findall(rf"\b(\d+)\s+{word}\b", text)}


def _final_exams(banks: dict[str, object]) -> list[BankSettings]:
    """The settings of every final exam: one per learning path (final-exam,
    final-exam-core, ...), read from the bank files."""
    return [
        _bank(banks, bank_id, "en").settings
        for bank_id in sorted(banks)
        if bank_id.startswith("final-exam")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_course_page_states_the_final_exams_real_settings(
    banks: dict[str, object], language: str
) -> None:
    """Read from the final exams: change an exam and this test asks for the text."""
    finals = _final_exams(banks)
    assert finals
    module = banks["customers-and-service"].original.settings  # type: ignore[attr-defined]
    section, whole = _course_text(language)
    words = WORDS[language]
    expected_questions = {module.draw}
    expected_minutes: set[int] = set()
    for final in finals:
        draw = final.draw
        exam_questions = sum(draw.values()) if isinstance(draw, dict) else draw
        expected_questions.add(exam_questions)
        assert final.time_limit_minutes is not None  # a final exam is timed
        expected_minutes |= {final.time_limit_minutes, final.delay_minutes}
        # Each exam's size and time limit are stated together, for its path.
        pair = (
            rf"\b{exam_questions} {words['questions']}, "
            rf"{final.time_limit_minutes} {words['minutes']}"
        )
        assert re.search(pair, section), pair
    assert _numbers(section, words["questions"]) == expected_questions
    assert _numbers(section, words["minutes"]) == expected_minutes
    percents = {float(p) for p in re.findall(r"(\d+(?:[.,]\d+)?)\s*%", section)}
    assert percents == {f.pass_mark for f in finals} | {module.pass_mark}
    validity = re.search(r"validity_days:\s*(\d+)", (COURSE / "course.md").read_text())
    assert validity is not None
    assert _numbers(whole, words["days"]) == {int(validity.group(1))}


# -- German: one term for one thing ----------------------------------------------

GERMAN_TERMS = {
    # the escalation contact is "die Teamleitung"; staff are "Mitarbeitende"
    r"\bFührungskraft\b|\bVorgesetzte\b|\bTeamleiterin\b": "Teamleitung",
    r"\bMitarbeiter\b|\bServicemitarbeiter\b": "Mitarbeitende",
}
GERMAN_MEANING_ERRORS = {
    "02-first-impressions/01-appearance-matters": "beim Wort",
    "05-netiquette/01-chat-and-email": "Schade, dass",
    "08-service-culture/04-being-a-good-customer": "schuldet Ihnen das Unternehmen",
}


def test_german_practice_banks_use_one_term_for_staff_and_escalation() -> None:
    practice = [
        p
        for p in QUIZZES.glob("*.de.md")
        if not p.name.startswith(("exam-", "final-exam"))
    ]
    assert len(practice) == 8
    found = [
        f"{path.name}: {match.group(0)} (use {term})"
        for path in practice
        for pattern, term in GERMAN_TERMS.items()
        for match in re.finditer(pattern, path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(("lesson", "wrong"), GERMAN_MEANING_ERRORS.items())
def test_german_lessons_say_what_the_english_says(lesson: str, wrong: str) -> None:
    assert wrong not in _lesson(lesson, "de")
