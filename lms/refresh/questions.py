"""Refresher questions as the quiz engine knows them: the lexicon drill ("Which
reply would you send?") built from the lexicon table, and a drawn question's
order of choices from the refresher's seed. Pure: no Flask, no models."""

from __future__ import annotations

import html
import random
from collections.abc import Callable, Mapping, Sequence

from lms.content.schema import LexiconEntry
from lms.quiz.bank.schema import Choice, Question
from lms.quiz.engine.draw import DrawnQuestion

LEXICON = "lexicon"


def lexicon_key(index: int) -> str:
    return f"{LEXICON}/{index}"


def split_key(key: str) -> tuple[str, str]:
    """A question key's topic (the bank id, or "lexicon") and id in it."""
    topic, _, ident = key.partition("/")
    return topic, ident


def _text(texts: Mapping[str, str], language: str, default_language: str) -> str:
    return texts.get(language) or texts[default_language]


def lexicon_question(
    entries: Sequence[LexiconEntry],
    index: int,
    language: str,
    default_language: str,
    gettext: Callable[[str], str],
) -> Question:
    """Entry ``index`` as a single-choice question: its wanted phrase is right;
    its own unwanted phrase and the next entry's are the wrong replies."""
    entry = entries[index]
    other = entries[(index + 1) % len(entries)]

    def phrase(texts: Mapping[str, str]) -> str:
        return html.escape(f"“{_text(texts, language, default_language)}”")

    wanted, unwanted = phrase(entry.wanted), phrase(entry.unwanted)
    choices = [
        Choice("c1", wanted, True, gettext("Right: this is the team's wanted phrase."))
    ]
    choices.append(
        Choice(
            "c2", unwanted, False, gettext("This is on the list of phrases to avoid.")
        )
    )
    if len(entries) > 1:
        choices.append(
            Choice(
                "c3",
                phrase(other.unwanted),
                False,
                gettext("This is on the list of phrases to avoid."),
            )
        )
    explanation = gettext("Instead of %(unwanted)s, say %(wanted)s.") % {
        "unwanted": unwanted,
        "wanted": wanted,
    }
    return Question(
        id=lexicon_key(index),
        type="single",
        stem_html=f"<p>{html.escape(gettext('Which reply would you send?'))}</p>",
        choices=tuple(choices),
        general_feedback_html=f"<p>{explanation}</p>",
    )


def drawn(question: Question, seed: int) -> DrawnQuestion:
    """The question with its choices in an order fixed by the refresher's seed."""
    rng = random.Random(f"{seed}:{question.id}")  # noqa: S311 - an order, not a secret
    loose = [c.id for c in question.choices if not c.pinned]
    if question.type in ("single", "multiple"):
        rng.shuffle(loose)
    order = tuple(loose + [c.id for c in question.choices if c.pinned])
    items = [i.id for i in question.items]
    rng.shuffle(items)
    rights = [rid for rid, _ in question.right_options]
    rng.shuffle(rights)
    return DrawnQuestion(question, order, tuple(items), tuple(rights))
