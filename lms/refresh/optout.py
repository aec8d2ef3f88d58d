"""The one-click opt-out of refresher e-mails: a signed token per person, and
the opt-out itself, audited once."""

from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.audit.record import audit
from lms.errors import NotFound
from lms.models import Person, RefresherOptOut

SALT = "refresher-opt-out"
ACTION = "refresher.opt_out"


def opt_out_token(secret: str, person_id: int) -> str:
    """The token in a person's e-mail; it does not expire, like the mails it stops."""
    return URLSafeSerializer(secret, salt=SALT).dumps(person_id)


def person_of_token(session: Session, secret: str, token: str) -> Person:
    """The person a token was made for; NotFound for a forged or unknown one."""
    try:
        person_id = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature as error:
        raise NotFound("no such link") from error
    person = session.get(Person, person_id) if isinstance(person_id, int) else None
    if person is None:
        raise NotFound("no such link")
    return person


def opt_out(session: Session, person: Person, now: datetime) -> bool:
    """Stop the person's refresher e-mails; False if they already were stopped."""
    if session.get(RefresherOptOut, person.id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(RefresherOptOut(person_id=person.id, opted_out_at=now))
    except IntegrityError:
        return False
    audit(
        session, person, ACTION, person.email, details={"person_id": person.id}, now=now
    )
    return True


def has_opted_out(session: Session, person_id: int) -> bool:
    return session.get(RefresherOptOut, person_id) is not None
