"""Per-question statistics show which questions are weak."""

from __future__ import annotations

from typing import Any

from lms.quiz.bank.parser import parse_bank
from lms.quiz.engine.stats import GradedAnswer, correlation, question_stats
from tests.quiz.attempts.helpers import (
    RIGHT,
    WRONG,
    answer,
    bank_text,
    start,
    submit,
    write_basics,
)


def test_correlation_basics() -> None:
    assert correlation([0, 1, 0, 1], [0, 2, 0, 2]) == 1.0
    assert correlation([0, 1, 0, 1], [2, 0, 2, 0]) == -1.0
    assert correlation([1, 1, 1], [0, 1, 2]) is None
    assert correlation([1, 0], [1, 0]) is None


def test_question_stats_from_graded_answers() -> None:
    bank, problems = parse_bank(bank_text("basics"), "basics.md")
    assert bank is not None, problems
    answers = []
    for attempt in range(10):
        good = attempt >= 5
        answers += [
            GradedAnswer(
                attempt, "q-greet", 1.0 if good else 0.0, "c1" if good else "c2"
            ),
            GradedAnswer(attempt, "q-habits", 1.0 if good else 0.0, ["c1", "c2"]),
            # everybody gets it, whatever they know: no discrimination
            GradedAnswer(attempt, "q-internal", 1.0, "colleague"),
        ]
    stats = {s.question_id: s for s in question_stats(bank.questions(), answers)}
    assert stats["q-greet"].share_correct == 0.5
    assert stats["q-greet"].discrimination is not None
    assert stats["q-greet"].discrimination > 0.9
    assert {c: n for c, _h, n, _r in stats["q-greet"].choice_picks} == {
        "c1": 5,
        "c2": 5,
    }
    assert stats["q-internal"].weak
    assert not stats["q-greet"].weak
    assert stats["q-steps"].answered == 0


def test_statistics_page_for_authors_only(
    client: Any, make_client: Any, auth: Any, sync: Any, synced: Any, make_person: Any
) -> None:
    write_basics(sync)
    auth.login()
    for values in (RIGHT, WRONG):
        url = start(client)
        answer(client, url, values)
        submit(client, url)
    assert client.get("/author/stats/cse/basics").status_code == 403
    author = make_person(roles=("author",))
    other = make_client()
    other.submit(
        "/login", {"email": author.email, "password": "correct horse battery staple"}
    )
    page = other.get("/author/stats/cse/basics")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "q-greet" in html
    assert "50%" in html
    assert "1 × Good morning, how can I help?" in html
