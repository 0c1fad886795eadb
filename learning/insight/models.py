"""Rollups the dashboard reads instead of scanning a million knelpunten on every page view.

Dimensions use 0 (no wijk, no table) and "" (all domains, no learning order) instead of NULL,
so that one unique key covers every row and a refresh can replace rows by key.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning.extensions import db
from learning.timeutil import utcnow

ALL_DOMAINS = ""  # the row that counts each knelpunt once, whatever its domains
# A view's filters and the blanks of the dimensions a grain leaves out are equalities, so this
# index finds a time series in one range (and a breakdown up to its free dimension); the count
# is included so PostgreSQL answers from the index alone.
_DIMS_FIRST = ("grain", "domain", "organisation_id", "area_id", "table_id", "learning_order")
_COVERING = {"postgresql_include": ["count"]}


class _BlockageCounts:
    """Knelpunten (not withdrawn) counted per domain, organisation, wijk, table and order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(32), default=ALL_DOMAINS)
    organisation_id: Mapped[int] = mapped_column(default=0)
    area_id: Mapped[int] = mapped_column(default=0)
    table_id: Mapped[int] = mapped_column(default=0)
    learning_order: Mapped[str] = mapped_column(String(10), default="")
    count: Mapped[int] = mapped_column(default=0)
    # Which dimensions the row keeps (learning.insight.grains); 31 = all of them.
    grain: Mapped[int] = mapped_column(SmallInteger, default=31)


class BlockageDayCount(_BlockageCounts, db.Model):
    """Per reporting day: what a write refreshes (only the days it touched)."""

    __tablename__ = "insight_blockage_days"
    __table_args__ = (
        UniqueConstraint(
            "day",
            "domain",
            "organisation_id",
            "area_id",
            "table_id",
            "learning_order",
            "grain",
            name="uq_insight_blockage_days_key",
        ),
        Index("ix_insight_blockage_days_grain_day", "grain", "day"),
        Index("ix_insight_blockage_days_grain_dims", *_DIMS_FIRST, "day", **_COVERING),
    )

    day: Mapped[date] = mapped_column(Date)


class BlockageMonthCount(_BlockageCounts, db.Model):
    """The day counts summed per month: a period of whole months reads ~30 times fewer rows."""

    __tablename__ = "insight_blockage_months"
    __table_args__ = (
        UniqueConstraint(
            "month",
            "domain",
            "organisation_id",
            "area_id",
            "table_id",
            "learning_order",
            "grain",
            name="uq_insight_blockage_months_key",
        ),
        Index("ix_insight_blockage_months_grain_month", "grain", "month"),
        Index("ix_insight_blockage_months_grain_dims", *_DIMS_FIRST, "month", **_COVERING),
    )

    month: Mapped[date] = mapped_column(Date)  # the first of the month


class PatternFact(db.Model):
    """One row per pattern with the moments and counts its loop figures need."""

    __tablename__ = "insight_pattern_facts"

    pattern_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    table_id: Mapped[int] = mapped_column(default=0, index=True)
    learning_order: Mapped[str] = mapped_column(String(10), default="")
    state: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    emerged_on: Mapped[date | None] = mapped_column(Date)
    triaged_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    first_action_on: Mapped[date | None] = mapped_column(Date)
    outcome_on: Mapped[date | None] = mapped_column(Date)
    reports: Mapped[int] = mapped_column(default=0)
    reports_before: Mapped[int] = mapped_column(default=0)  # 90 days before the decision
    reports_after: Mapped[int] = mapped_column(default=0)  # 90 days from the decision
    reports_recent: Mapped[int] = mapped_column(default=0)  # last 90 days before `as_of`
    reports_previous: Mapped[int] = mapped_column(default=0)  # the 90 days before those
    came_back: Mapped[bool] = mapped_column(default=False)
    reporters: Mapped[int] = mapped_column(default=0)  # reporters of a pattern with an outcome
    reporters_told: Mapped[int] = mapped_column(default=0)
    as_of: Mapped[date] = mapped_column(Date)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
