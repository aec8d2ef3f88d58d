"""Bank texts and small helpers shared by the quiz tests."""

from __future__ import annotations

from lms.quiz.bank.parser import parse_bank
from lms.quiz.bank.schema import Bank, Problem, Question

PATH = "quizzes/demo/telephone.md"

SAMPLE = """\
---
id: telephone
title: Telephone etiquette
pass_mark: 80
attempts: 3
delay_minutes: 10
time_limit_minutes: 20
draw: 6
questions_per_page: 2
shuffle_questions: true
shuffle_choices: true
grading: last
review: answers
review_when: passed
---

## A caller asks about a product you have never heard of. What do you do first? {#q-unknown-product tags="phone basics"}

- [ ] Tell them the product does not exist.
  > You do not know that yet; guessing damages trust.
- [x] Say you will find out, and ask for their details so you can call back.
  > Right: honesty plus a concrete promise keeps the customer with you.
- [ ] Transfer them to any colleague who is free.
  > A blind transfer makes the caller start over.
- [ ] None of these {.pinned}

> General feedback shown after the answer, for every learner.

## Which habits help on the phone? {#q-habits .multiple tags="phone" points=2}

Pick **all** that apply.

- [x] Smile while you speak
- [x] Take notes
- [ ] Eat lunch
- [ ] Type loudly

## Callers can hear a smile. {#q-smile .truefalse}

- [x] True
- [ ] False

## Which word ends every call? {#q-last-word tags="email"}

= thank you
= thanks

## How many seconds may the phone ring? {#q-rings tags="email"}

= 10 +- 5
= 30..40

## Put the steps of a call in order. {#q-call-steps}

1. Greet the caller
2. Listen to the request
3. Solve or promise a call back
4. Say goodbye

## Match each case with a channel. {#q-channels}

- An angry customer -> Phone call
- A price list -> E-mail
- -> Fax

## Scenario: the angry caller {#s-angry .scenario tags="difficult"}

A customer calls for the **third** time about a late delivery.

### What do you say first? {#q-angry-first}

- [x] I am sorry; let me look into it right now.
- [ ] Calm down, please.

### What do you promise? {#q-angry-promise}

- [x] A call back by a set time
- [ ] Nothing
"""  # noqa: E501 - stems as long as real ones

GERMAN = """\
---
title: Telefonknigge
---

## Wie viele Sekunden darf das Telefon klingeln? {#q-rings}

= 10 +- 5
= 30..40

## Ein Anrufer fragt nach einem Produkt, das Sie nicht kennen. Was tun Sie zuerst? {#q-unknown-product}

- [ ] Sagen, dass es das Produkt nicht gibt.
  > Das wissen Sie noch nicht.
- [x] Sagen, dass Sie es herausfinden, und um einen Rückruf bitten.
  > Richtig.
- [ ] An irgendeinen Kollegen weiterleiten.
- [ ] Nichts davon {.pinned}

> Allgemeines Feedback.

## Welche Gewohnheiten helfen am Telefon? {#q-habits .multiple}

- [x] Beim Sprechen lächeln
- [x] Notizen machen
- [ ] Mittag essen
- [ ] Laut tippen

## Anrufer hören ein Lächeln. {#q-smile .truefalse}

- [x] Wahr
- [ ] Falsch

## Welches Wort beendet jedes Gespräch? {#q-last-word}

= danke
= vielen Dank

## Bringen Sie die Schritte in die richtige Reihenfolge. {#q-call-steps}

1. Begrüßen
2. Zuhören
3. Lösen oder Rückruf versprechen
4. Verabschieden

## Ordnen Sie zu. {#q-channels}

- Ein verärgerter Kunde -> Anruf
- Eine Preisliste -> E-Mail
- -> Fax

## Szenario: der verärgerte Anrufer {#s-angry .scenario}

Ein Kunde ruft zum dritten Mal an.

### Was sagen Sie zuerst? {#q-angry-first}

- [x] Das tut mir leid; ich sehe sofort nach.
- [ ] Beruhigen Sie sich.

### Was versprechen Sie? {#q-angry-promise}

- [x] Einen Rückruf zu einer festen Zeit
- [ ] Nichts
"""  # noqa: E501 - stems as long as real ones


def front(extra: str = "", *, bank_id: str = "demo") -> str:
    """Minimal valid front matter plus ``extra`` YAML lines."""
    return f"---\nid: {bank_id}\ntitle: Demo\npass_mark: 80\n{extra}---\n\n"


def parse_ok(text: str, path: str = PATH, *, translation: bool = False) -> Bank:
    """Parse and insist there are no problems."""
    bank, problems = parse_bank(text, path, translation=translation)
    assert problems == [], "\n".join(map(str, problems))
    assert bank is not None
    return bank


def problems_of(
    text: str, path: str = PATH, *, translation: bool = False
) -> list[Problem]:
    """Parse and insist there are problems (and so no bank)."""
    bank, problems = parse_bank(text, path, translation=translation)
    assert bank is None
    assert problems
    return problems


def question(bank: Bank, qid: str) -> Question:
    """The question ``qid`` of ``bank``, inside a scenario or not."""
    return next(q for q in bank.questions() if q.id == qid)


def first(bank: Bank) -> Question:
    """The first item of ``bank``, which must be a question."""
    item = bank.items[0]
    assert isinstance(item, Question)
    return item


def simple_bank(
    count: int = 3, *, tags: str = "", extra: str = "", bank_id: str = "demo"
) -> str:
    """A bank of ``count`` single-choice questions ``q-1`` ... with ``tags``."""
    questions = "".join(
        f'## Question {n} {{#q-{bank_id}-{n} tags="{tags}"}}\n\n- [x] yes\n- [ ] no\n\n'
        for n in range(1, count + 1)
    )
    return front(extra, bank_id=bank_id) + questions
