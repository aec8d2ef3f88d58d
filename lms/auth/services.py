"""Account services: authenticate, create people, passwords, tokens, deactivation."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, exists, insert, select, update
from sqlalchemy.orm import Session

from lms.auth.passwords import (
    check_password_policy,
    hash_password,
    needs_rehash,
    verify_dummy,
    verify_password,
)
from lms.config import SUPPORTED_LANGUAGES
from lms.db import utcnow
from lms.emails import InvalidEmail, canonical_email
from lms.errors import Conflict, LmsError, NotFound, ValidationError
from lms.events import password_set_by_link
from lms.models import PasswordToken, Person, PersonRole, Role
from lms.models.person import ROLE_VALUES, new_session_key

TOKEN_LIFETIME = timedelta(days=7)


WRONG_LOGIN = _l("The e-mail address or password is wrong.")


class AuthenticationFailed(LmsError):
    """Wrong e-mail, wrong password or inactive account: deliberately the same."""


def normalize_email(email: str) -> str:
    """Return the canonical form of an e-mail address or raise ValidationError.

    The message says what is wrong with the address (lms.emails).
    """
    try:
        return canonical_email(email)
    except InvalidEmail as error:
        raise ValidationError(error.message, "email") from None


def find_canonical(email: str) -> str | None:
    """The canonical form of an address, or None if it is not one."""
    try:
        return normalize_email(email)
    except ValidationError:
        return None


def find_person(session: Session, email: str) -> Person | None:
    try:
        canonical = normalize_email(email)
    except ValidationError:
        return None
    return session.scalar(select(Person).where(Person.email == canonical))


def get_person(session: Session, email: str) -> Person:
    person = find_person(session, email)
    if person is None:
        raise NotFound(f"no account with the e-mail {email.strip()!r}")
    return person


def authenticate(session: Session, email: str, password: str, now: datetime) -> Person:
    """Return the active person with these credentials, else AuthenticationFailed.

    Every failing path verifies one argon2 hash, so timing does not tell an
    unknown e-mail from a wrong password.
    """
    person = find_person(session, email)
    if person is None:
        verify_dummy(password)
        raise AuthenticationFailed(WRONG_LOGIN)
    if not verify_password(person.password_hash, password) or not person.active:
        raise AuthenticationFailed(WRONG_LOGIN)
    if person.password_hash and needs_rehash(person.password_hash):
        person.password_hash = hash_password(password)
    person.last_login_at = now
    return person


def validate_roles(roles: Iterable[str]) -> set[str]:
    chosen = {role.strip().lower() for role in roles if role.strip()}
    unknown = sorted(chosen - set(ROLE_VALUES))
    if unknown:
        raise ValidationError(
            _l(
                "Unknown role %(role)s; use one of %(roles)s.",
                role=unknown[0],
                roles=", ".join(ROLE_VALUES),
            ),
            "roles",
        )
    return chosen or {Role.LEARNER.value}


def checked_details(
    session: Session,
    email: str,
    name: str,
    language: str,
    current_email: str | None,
) -> tuple[str, str]:
    """The canonical e-mail address and the tidied name of an account, or a
    ValidationError naming the field (a Conflict when another account has the
    address; ``current_email`` is the account's own address when editing)."""
    canonical = normalize_email(email)
    clean_name = " ".join(name.split())
    if not clean_name:
        raise ValidationError(_l("Enter a name."), "name")
    if len(clean_name) > 200:
        raise ValidationError(_l("The name is too long."), "name")
    if language not in SUPPORTED_LANGUAGES:
        raise ValidationError(_l("Choose English or German."), "language")
    if canonical != current_email and session.scalar(
        select(exists().where(Person.email == canonical))
    ):
        raise Conflict(
            _l("There is already an account for %(email)s.", email=canonical)
        )
    return canonical, clean_name


def create_person(
    session: Session,
    *,
    email: str,
    name: str,
    roles: Iterable[str],
    language: str = "en",
    password: str | None = None,
) -> Person:
    canonical, clean_name = checked_details(session, email, name, language, None)
    chosen_roles = validate_roles(roles)
    person = Person(email=canonical, name=clean_name, language=language)
    person.role_rows = [PersonRole(role=role) for role in sorted(chosen_roles)]
    if password is not None:
        check_password_policy(password, email=canonical)
        person.password_hash = hash_password(password)
    session.add(person)
    session.flush()
    return person


def set_password(
    session: Session, person: Person, password: str, *, must_change: bool = False
) -> None:
    """Set a new password and end every existing session of the person."""
    check_password_policy(password, email=person.email)
    person.password_hash = hash_password(password)
    person.must_change_password = must_change
    person.session_key = new_session_key()
    revoke_password_tokens(session, person, utcnow())
    session.flush()


def change_password(
    session: Session, person: Person, current_password: str, new_password: str
) -> None:
    if not verify_password(person.password_hash, current_password):
        raise ValidationError(_l("The current password is wrong."), "current_password")
    if current_password == new_password:
        raise ValidationError(
            _l("Choose a password different from the current one."), "password"
        )
    set_password(session, person, new_password)


def deactivate_person(session: Session, person: Person) -> None:
    person.active = False
    person.session_key = new_session_key()
    session.flush()


def activate_person(session: Session, person: Person) -> None:
    person.active = True
    session.flush()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def revoke_password_tokens(session: Session, person: Person, now: datetime) -> None:
    """End every open set-password link of the person (marked as used)."""
    session.execute(
        update(PasswordToken)
        .where(PasswordToken.person_id == person.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )


def issue_password_token(session: Session, person: Person, now: datetime) -> str:
    """Create a one-time set-password token; only its hash is stored.

    Older links of the person stop working: only the newest one is valid.
    """
    revoke_password_tokens(session, person, now)
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordToken(
            person_id=person.id,
            token_hash=_hash_token(token),
            created_at=now,
            expires_at=now + TOKEN_LIFETIME,
        )
    )
    session.flush()
    return token


def issue_password_tokens(
    session: Session, person_ids: Iterable[int], now: datetime
) -> dict[int, str]:
    """A set-password token for each of many people just created, by bulk INSERT.

    For people without older links (issue_password_token is for one person).
    """
    tokens = {person_id: secrets.token_urlsafe(32) for person_id in person_ids}
    if tokens:
        session.execute(
            insert(cast(Table, PasswordToken.__table__)),
            [
                {
                    "person_id": person_id,
                    "token_hash": _hash_token(token),
                    "created_at": now,
                    "expires_at": now + TOKEN_LIFETIME,
                }
                for person_id, token in tokens.items()
            ],
        )
    return tokens


def find_password_token(session: Session, token: str, now: datetime) -> PasswordToken:
    row = session.scalar(
        select(PasswordToken).where(PasswordToken.token_hash == _hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise NotFound(_l("This link has expired or was already used."))
    if not row.person.active:
        raise NotFound(_l("This link has expired or was already used."))
    return row


def redeem_password_token(
    session: Session, token: str, password: str, now: datetime
) -> Person:
    """Set the password through a link; this and every other link of the person die."""
    row = find_password_token(session, token, now)
    set_password(session, row.person, password)
    row.used_at = now
    session.flush()
    password_set_by_link.send(session=session, person=row.person, now=now)
    return row.person


@dataclass(frozen=True)
class FirstAdmin:
    email: str
    password: str


def ensure_first_admin(session: Session, email: str) -> FirstAdmin | None:
    """Create an admin with a random one-time password if there is no admin yet."""
    has_admin = session.scalar(
        select(exists().where(PersonRole.role == Role.ADMIN.value))
    )
    if has_admin:
        return None
    password = secrets.token_urlsafe(15)
    person = find_person(session, email)
    if person is None:
        person = create_person(
            session, email=email, name="Administrator", roles=[Role.ADMIN.value]
        )
    else:
        person.set_roles(person.roles | {Role.ADMIN.value})
        person.active = True
    set_password(session, person, password, must_change=True)
    return FirstAdmin(email=person.email, password=password)
