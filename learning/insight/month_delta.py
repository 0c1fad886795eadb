"""Month counts kept up to date by difference: a refresh of some days changes only the month
rows (FULL and every grain) whose counts those days changed.

Recomputing a touched month from its day rows rewrites some 40,000 rows at national scale, for
each month a regrouped pattern's knelpunten fall in; the difference of a day is mostly a few
rows, and none at all when a write left the counts as they were. The nightly rebuild
recomputes every month from its days, which also corrects whatever a lost refresh left.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from learning.extensions import db
from learning.insight.grains import DIMS, FULL, MONTH_GRAINS
from learning.insight.models import ALL_DOMAINS, BlockageDayCount, BlockageMonthCount

_KEY = ("month", *DIMS, "grain")
_CHUNK = 1000
_BLANKS = {"domain": ALL_DOMAINS, "learning_order": ""}


def full_rows(days: list[date]) -> Counter:
    """The FULL day counts of `days`, summed per month: {(month, *dims): count}."""
    table = BlockageDayCount
    totals: Counter = Counter()
    rows = db.session.execute(
        select(table.day, *[getattr(table, dim) for dim in DIMS], table.count).where(
            table.grain == FULL, table.day.in_(days)
        )
    )
    for day, *dims, count in rows:
        totals[(_as_date(day).replace(day=1), *dims)] += count
    return totals


def apply(before: Counter, after: Counter) -> None:
    """Add the difference between the FULL counts after and before a refresh to the month
    rows of every grain, then drop the rows that came to nothing."""
    change = Counter(after)
    change.subtract(before)
    rows: Counter = Counter()
    domain_bit = 1 << DIMS.index("domain")
    for (month, *dims), n in change.items():
        if not n:
            continue
        rows[(month, *dims, FULL)] += n
        per_domain = dims[0] != ALL_DOMAINS
        for grain in MONTH_GRAINS:
            if bool(grain & domain_bit) != per_domain:
                continue  # grains with the domain sum the per-domain rows, the others not
            kept = [
                value if grain >> i & 1 else _BLANKS.get(dim, 0)
                for i, (dim, value) in enumerate(zip(DIMS, dims, strict=True))
            ]
            rows[(month, *kept, grain)] += n
    changed = [dict(zip(_KEY, key, strict=True), count=n) for key, n in rows.items() if n]
    if not changed:
        return
    table = BlockageMonthCount.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    for start in range(0, len(changed), _CHUNK):
        statement = dialect.insert(table).values(changed[start : start + _CHUNK])
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=list(_KEY),
                set_={"count": table.c.count + statement.excluded.count},
            )
        )
    months = sorted({row["month"] for row in changed})
    db.session.execute(
        delete(BlockageMonthCount).where(
            BlockageMonthCount.month.in_(months), BlockageMonthCount.count == 0
        )
    )


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
