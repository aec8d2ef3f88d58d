"""Groups a directory pushes through SCIM, and who is in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UtcDateTime


class ScimGroup(Base):
    """A directory group; LMS_SCIM_GROUP_MAP says which role or department it gives."""

    __tablename__ = "scim_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The SCIM id: random, so a token holder cannot walk the groups by number.
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ScimGroupMember(Base):
    __tablename__ = "scim_group_member"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("scim_group.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
