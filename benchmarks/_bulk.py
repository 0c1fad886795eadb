"""Bulk loading for the benchmarks: rows straight into PostgreSQL with COPY, not the ORM.

A national-scale network (100k to 1M knelpunten) takes hours through the ORM and minutes
through COPY; `pages.py` and `dashboard.py` both build theirs this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

# The order of the values in each row given to copy_blockages().
BLOCKAGE_COLUMNS = (
    "id",
    "title",
    "description",
    "handling",
    "impacts",
    "reporter_id",
    "organisation_id",
    "area_id",
    "reported_on",
    "created_at",
    "updated_at",
    "version",
)


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Stream `rows` into `table` through the psycopg cursor of the session's connection (COPY
    is not available through SQLAlchemy), so they land in the same transaction."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def copy_blockages(cursor, rows: Iterable[Sequence[Any]]) -> None:
    """Knelpunten, one row per BLOCKAGE_COLUMNS."""
    copy_rows(cursor, "blockages", BLOCKAGE_COLUMNS, rows)


def noon(day: date) -> datetime:
    """A moment on `day` (11:00 UTC, midday in the Netherlands) for the timestamps of a row."""
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def reset_sequences(session, tables: Iterable[str]) -> None:
    """Rows were copied with explicit ids: let each table's id sequence continue after the
    highest, so what the app inserts later does not collide with them."""
    for table in tables:
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )
