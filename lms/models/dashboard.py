"""The HR dashboard's last counted figures, shared by every web worker and server."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UtcDateTime


class DashboardFigures(Base):
    """The figures last counted for one language (names are in that language).

    ``fingerprint`` is what the data looked like when they were counted
    (lms/hr/dashboard_cache.py); ``job_id`` is the latest background count
    asked for, ``asked_for`` the day and fingerprint it was asked for. Changing
    ``job_id`` from the value read is how one view, and only one, claims a count.
    """

    __tablename__ = "dashboard_figures"

    language: Mapped[str] = mapped_column(String(10), primary_key=True)
    counted_for: Mapped[date] = mapped_column(Date)
    figures_json: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(200))
    counted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("job.id", ondelete="SET NULL"), nullable=True
    )
    asked_for: Mapped[str | None] = mapped_column(String(220), nullable=True)
