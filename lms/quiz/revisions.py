"""The attempt's revision: a save or submit from a page that is behind is refused.

With one attempt open in two tabs, the tab that saves second would otherwise
overwrite, unseen, what the first saved (and a submit would grade it). Every
attempt page carries the revision it was rendered with and sends it back; each
accepted save moves the revision on by one, and returns the new one to the page.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from lms.errors import LmsError
from lms.models import Attempt


class StaleAttempt(LmsError):
    """The page that sent a save or submit shows an older revision of the attempt:
    another tab or window saved since, so what it shows may not be what is stored."""


# What a page that sent no revision (or no number) is taken to have seen: no
# attempt is ever at it, so its save is refused like a stale one.
NO_REVISION = -1


def parse_revision(value: str | None) -> int:
    """The revision a page sent, or NO_REVISION when it sent none or no number."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return NO_REVISION
    return int(text)


def claim_revision(session: Session, attempt: Attempt, seen: int) -> None:
    """Move the open attempt on by one revision if it is still at ``seen``.

    One conditional UPDATE, so of two saves that saw the same revision exactly
    one gets through, on SQLite and PostgreSQL alike; the other raises
    StaleAttempt (and its request stores nothing).
    """
    claimed = session.execute(
        update(Attempt)
        .where(
            Attempt.id == attempt.id,
            Attempt.revision == seen,
            Attempt.submitted_at.is_(None),
        )
        .values(revision=Attempt.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleAttempt(
            _l(
                "This attempt was changed in another tab or window. "
                "Reload to see the latest answers."
            )
        )
    session.refresh(attempt, ["revision"])
