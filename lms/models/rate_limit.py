"""Rate-limit counters, shared by every worker and server (lms/web/counters.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UtcDateTime


class RateLimitCounter(Base):
    """One counter: failed logins of an address, certificate checks of an address.

    A row past ``expires_at`` counts as absent; the next increment starts it again.
    """

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
