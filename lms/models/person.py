"""People (accounts), their roles, and one-time set-password tokens."""

from __future__ import annotations

import secrets
from collections.abc import Set as AbstractSet
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, utcnow


class Role(StrEnum):
    LEARNER = "learner"
    AUTHOR = "author"
    HR = "hr"
    ADMIN = "admin"


ROLE_VALUES = tuple(role.value for role in Role)


def new_session_key() -> str:
    return secrets.token_urlsafe(32)


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("language IN ('en', 'de')", name="language"),
        UniqueConstraint("sso_issuer", "sso_subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Each login session records this key when it starts (LoginSession.person_key):
    # replacing it ends every session and remember-me cookie of the person at once.
    session_key: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_session_key
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the latest invitation (set-password link) was e-mailed or handed over.
    invited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    employee_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    # The account at the OpenID Provider that logs in as this person: its
    # issuer and subject ("iss" and "sub" of the ID token), set at the first
    # single sign-on.
    sso_issuer: Mapped[str | None] = mapped_column(String(255))
    sso_subject: Mapped[str | None] = mapped_column(String(255))
    # SCIM provisioning (lms/scim): the userName the directory sent when it
    # differs from the e-mail address, and when the directory deleted the
    # person (deactivated, and no longer a SCIM resource).
    scim_user_name: Mapped[str | None] = mapped_column(String(320), unique=True)
    scim_deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    role_rows: Mapped[list[PersonRole]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="PersonRole.role",
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def set_roles(self, roles: AbstractSet[str]) -> None:
        keep = [row for row in self.role_rows if row.role in roles]
        have = {row.role for row in keep}
        self.role_rows = keep + [PersonRole(role=r) for r in sorted(roles - have)]

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def use_login(self, key: str) -> None:
        """Remember the key of the login session this person was loaded through."""
        self._login_key = key

    def get_id(self) -> str:
        # Flask-Login stores this in the session and the remember cookie: the
        # login session's key, never a database id.
        key: str | None = getattr(self, "_login_key", None)
        if key is None:
            raise LookupError("person has no login session")
        return key


class PersonRole(Base):
    __tablename__ = "person_role"
    __table_args__ = (
        CheckConstraint(
            "role IN ('learner', 'author', 'hr', 'admin')", name="role_known"
        ),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    person: Mapped[Person] = relationship(back_populates="role_rows")


class PasswordToken(Base):
    """A one-time link to set a password; only the token's hash is stored."""

    __tablename__ = "password_token"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    person: Mapped[Person] = relationship()
