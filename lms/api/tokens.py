"""API tokens for HR systems: created by admins, shown once, stored as a SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from lms.audit.record import audit
from lms.db import write_step
from lms.errors import NotFound, ValidationError
from lms.models import ApiToken, Person

TOKEN_PREFIX = "lms_"  # noqa: S105  (a marker that makes leaked tokens greppable)
MAX_NAME = 100
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` exists only here, never in the database."""

    token: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


TOKEN_CREATE = "token.create"  # noqa: S105  (audit action names, not secrets)
TOKEN_REVOKE = "token.revoke"  # noqa: S105
SCIM_TOKEN_CREATE = "scim_token.create"  # noqa: S105
SCIM_TOKEN_REVOKE = "scim_token.revoke"  # noqa: S105
# The audit actions (create, revoke) of each kind of token.
ACTIONS = {
    "api": (TOKEN_CREATE, TOKEN_REVOKE),
    "scim": (SCIM_TOKEN_CREATE, SCIM_TOKEN_REVOKE),
}


def create_token(
    session: Session, actor: Person, name: str, now: datetime, kind: str = "api"
) -> NewToken:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_l("Name the system that will use the token."), "name")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(
            _l("Use at most %(count)d characters.", count=MAX_NAME), "name"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=cleaned,
        token_hash=hash_token(secret),
        created_at=now,
        created_by_id=actor.id,
        kind=kind,
    )
    session.add(token)
    session.flush()
    audit(
        session,
        actor,
        ACTIONS[kind][0],
        cleaned,
        details={"token_id": token.id},
        now=now,
    )
    session.flush()
    return NewToken(token, secret)


def revoke_token(
    session: Session, actor: Person, token_id: int, now: datetime, kind: str = "api"
) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.kind != kind:
        raise NotFound("token")
    if token.revoked_at is None:
        token.revoked_at = now
        audit(
            session,
            actor,
            ACTIONS[kind][1],
            token.name,
            details={"token_id": token.id},
            now=now,
        )
        session.flush()
    return token


def list_tokens(
    session: Session, kind: str = "api"
) -> list[tuple[ApiToken, str | None]]:
    """Every token of a kind, newest first, with the e-mail of whoever created it."""
    rows = session.execute(
        select(ApiToken, Person.email)
        .outerjoin(Person, Person.id == ApiToken.created_by_id)
        .where(ApiToken.kind == kind)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [(token, email) for token, email in rows]


def authenticate(
    session: Session, header: str | None, kind: str = "api"
) -> ApiToken | None:
    """The live token of a kind named by an ``Authorization: Bearer`` header, else None.

    A SCIM token does not read the API, nor an API token provision people.
    """
    if not header:
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(TOKEN_PREFIX):
        return None
    digest = hash_token(secret)
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    # The lookup is by hash, so timing says nothing about the secret; the
    # comparison only guards against a collation that folds case.
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or token.kind != kind:
        return None
    return token


def touch(session: Session, token: ApiToken, now: datetime) -> bool:
    """Record use, at most once per minute per token; True when it wrote."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_INTERVAL:
        return False
    threshold = now - LAST_USED_INTERVAL
    with write_step(session):  # API requests are GETs: a short write of its own
        result = session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token.id,
                (ApiToken.last_used_at.is_(None))
                | (ApiToken.last_used_at <= threshold),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
    # Already written: keep the session from writing it a second time.
    set_committed_value(token, "last_used_at", now)
    return bool(result.rowcount)  # type: ignore[attr-defined]
