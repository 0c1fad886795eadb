"""What a write tells the rollups: which reporting days and patterns it touched.

Services call these after changing knelpunten or patterns; after the commit one task refreshes
exactly those days and patterns. Anything a hook misses is put right by the nightly rebuild.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from learning.extensions import db
from learning.unit_of_work import enqueue, is_registered, on_commit

_KEY = "insight_touched"
TASK = "learning.insight.tasks.refresh_rollups"


def _touched() -> dict[str, set]:
    touched = db.session.info.get(_KEY)
    if touched is None or not is_registered(_enqueue):  # new, or the last one rolled back
        touched = db.session.info[_KEY] = {
            "days": set(),
            "patterns": set(),
            "blockages": set(),
            "regrouped": set(),
        }
        on_commit(_enqueue)
    return touched


def _enqueue() -> None:
    touched = db.session.info.pop(_KEY, None)
    if touched and any(touched.values()):
        enqueue(
            TASK,
            sorted(day.isoformat() for day in touched["days"]),
            sorted(touched["patterns"]),
            sorted(touched["blockages"]),
            sorted(touched["regrouped"]),
        )


def blockage_changed(*days: date | None, blockage_id: int | None = None) -> None:
    """A knelpunt reported on `days` (old and new date after an edit) was logged or changed;
    with its id, the pattern it belongs to is refreshed too."""
    touched = _touched()
    touched["days"].update(day for day in days if day is not None)
    if blockage_id is not None:
        touched["blockages"].add(blockage_id)


def pattern_changed(*patterns: Any, regrouped: bool = False) -> None:
    """A pattern's state, decisions or actions changed (its facts are refreshed); with
    `regrouped`, its members, table or learning order changed, so its knelpunten's day counts
    are refreshed too."""
    touched = _touched()
    for pattern in patterns:
        pattern_id = pattern if isinstance(pattern, int) else getattr(pattern, "id", None)
        if pattern_id is not None:
            touched["patterns"].add(pattern_id)
            if regrouped:
                touched["regrouped"].add(pattern_id)
