"""Banks with chosen rules for attempt tests, and small page helpers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.db import get_database
from lms.models import Attempt
from lms.quiz import attempts as service

FRONT = {
    "pass_mark": "60",
    "attempts": "unlimited",
    "delay_minutes": "0",
    "time_limit_minutes": "none",
    "questions_per_page": "0",
    "shuffle_questions": "false",
    "shuffle_choices": "false",
    "grading": "highest",
    "review": "feedback",
    "review_when": "immediately",
}

QUESTIONS = """
## Which greeting fits best? {#q-greet}

- [x] Good morning, how can I help?
  > FEEDBACK-GREET-RIGHT
- [ ] What?
  > FEEDBACK-GREET-WRONG

> GENERAL-GREET

## Which of these are good habits? {#q-habits .multiple}

- [x] Listen first
  > FEEDBACK-LISTEN
- [x] Summarise
  > FEEDBACK-SUMMARISE
- [ ] Interrupt
  > FEEDBACK-INTERRUPT

## Put the complaint steps in order {#q-steps}

1. Listen
2. Apologise
3. Solve
4. Follow up

## Match the channel to its strength {#q-match}

- Phone -> Tone of voice
- E-mail -> A written record
- -> Nothing at all

## What do you call a customer inside your company? {#q-internal .short}

= internal customer
= colleague
"""


def bank_text(bank_id: str, **settings: str) -> str:
    front = {**FRONT, **settings}
    lines = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\nid: {bank_id}\ntitle: Basics quiz\n{lines}---\n{QUESTIONS}"


def write_basics(sync: Any, **settings: str) -> None:
    report = sync({"quizzes/cse/basics.md": bank_text("basics", **settings)})
    assert report.ok, report.lines


def start(client: Any) -> str:
    """Start (or resume) the basics quiz; return the attempt's URL."""
    response = client.submit(
        "/courses/cse/quiz/basics/start", page="/courses/cse/quiz/basics"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return str(response.headers["Location"])


RIGHT = {
    "a-q-greet": "c1",
    "a-q-habits": ["c1", "c2"],
    "a-q-steps-o1": "1",
    "a-q-steps-o2": "2",
    "a-q-steps-o3": "3",
    "a-q-steps-o4": "4",
    "a-q-match-m1": "r1",
    "a-q-match-m2": "r2",
    "a-q-internal": "  Internal   CUSTOMER ",
}
WRONG = {"a-q-greet": "c2", "a-q-habits": ["c3"], "a-q-internal": "boss"}
ALL = ["q-greet", "q-habits", "q-steps", "q-match", "q-internal"]


def page_values(
    session: Session, public_id: str, values: Mapping[str, Any]
) -> dict[str, list[str]]:
    """``values`` written in bank ids (c1, o1, m1, r1) in the attempt's page ids."""
    attempt = session.scalar(select(Attempt).where(Attempt.public_id == public_id))
    assert attempt is not None
    _bank, items = service.drawn_items(session, attempt)
    lists = {k: v if isinstance(v, list) else [v] for k, v in values.items()}
    return service.page_fields(attempt, items, lists)


def in_page(client: Any, url: str, values: Mapping[str, Any]) -> dict[str, list[str]]:
    """``values`` in the page ids of the attempt at ``url``."""
    session = get_database(client.application).sessionmaker()
    try:
        return page_values(session, attempt_id(url), values)
    finally:
        session.close()


REVISION = re.compile(r'name="revision" value="(\d+)"')


def page_revision(html: str) -> str:
    """The attempt's revision an attempt or submit page was rendered with."""
    match = REVISION.search(html)
    assert match, "the page carries no revision"
    return match.group(1)


def current_revision(client: Any, url: str) -> str:
    """The revision of the attempt at ``url`` now: what a fresh page sends."""
    session = get_database(client.application).sessionmaker()
    try:
        revision = session.scalar(
            select(Attempt.revision).where(Attempt.public_id == attempt_id(url))
        )
    finally:
        session.close()
    assert revision is not None
    return str(revision)


def answer(
    client: Any,
    url: str,
    values: dict[str, Any],
    action: str = "save",
    *,
    revision: str | None = None,
    **kw: Any,
) -> Any:
    """Post ``values`` (in bank ids) as the attempt page's form would: by default
    from a page loaded just now, else from one rendered at ``revision``."""
    fields = in_page(client, url, values)
    seen = current_revision(client, url) if revision is None else revision
    data = {"present": ALL, "action": action, "page": "1", "revision": seen, **fields}
    return client.submit(url, data, page=url, **kw)


def submit(client: Any, url: str, *, revision: str | None = None, **kw: Any) -> Any:
    """Submit as the submit page would (loaded now, or rendered at ``revision``)."""
    seen = current_revision(client, url) if revision is None else revision
    return client.submit(url + "/submit", {"revision": seen}, page="/", **kw)


def attempt_id(url: str) -> str:
    match = re.search(r"/attempts/([^/?]+)", url)
    assert match
    return match.group(1)
