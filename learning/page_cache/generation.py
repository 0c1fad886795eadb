"""The data generation: one Redis counter that every committed write moves on, from any process
(web, Celery worker, CLI), so that no page cached before the write can be served after it.

Writes are seen at the engine, not in the ORM: a statement that is not a read and did not
report zero rows marks its connection, and ending that connection's transaction bumps the
counter. So ORM flushes, Core
`update()`/`delete()`, raw SQL and bulk loads through SQLAlchemy are all caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

# Flags in the DBAPI connection's `info` (it outlives one checkout, so they are cleared here).
_DIRTY = "page_cache_dirty"  # a write since the counter was last bumped for this connection
_WROTE = "page_cache_wrote"  # a write in the transaction that is not committed yet
_AFTER_COMMIT = "page_cache_after_commit"  # bump once more when the connection is returned

# Statements that change no data (SQLAlchemy's own SAVEPOINT/RELEASE/ROLLBACK TO included).
_READS = ("SELECT", "SHOW", "EXPLAIN", "SET", "RESET", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")
_READS += ("PRAGMA", "VALUES", "TABLE")
# A WITH statement writes when one of its parts does; FOR [NO KEY] UPDATE is a lock, not a write.
_DML = re.compile(r"\b(?:INSERT|DELETE|MERGE)\b|(?<!FOR )(?<!KEY )\bUPDATE\b", re.IGNORECASE)


def is_write(statement: str) -> bool:
    """Whether a statement may change data. When unsure it says yes: an extra bump costs one
    Redis INCR, a missed one would serve stale pages."""
    head = statement.lstrip(" \t\r\n(")[:9].upper()
    if head.startswith("WITH"):
        return bool(_DML.search(statement))
    return not head.startswith(_READS)


def watch_writes(engine: Engine, bump: Callable[[], None], enabled: Callable[[], bool]) -> None:
    """Bump the generation whenever a transaction of `engine` that wrote ends.

    At COMMIT the counter moves before the database commits (events come before the act), and
    again when the connection is returned to the pool, after the commit: a page rendered in
    between from the old data is stored under the middle generation and never served. A
    released or rolled-back savepoint and a rollback bump too when they follow a write: in tests
    a savepoint stands in for a commit, and an extra bump is harmless.
    """

    @event.listens_for(engine, "after_cursor_execute")
    def _mark(conn: Connection, cursor, statement: str, *_args) -> None:
        # An UPDATE or claim that matched no row changed nothing (periodic tasks run those);
        # DDL and the like report -1 and count as writes.
        if is_write(statement) and cursor.rowcount != 0:
            conn.info[_DIRTY] = conn.info[_WROTE] = True

    def _bump_if_dirty(conn: Connection) -> None:
        if conn.info.pop(_DIRTY, False) and enabled():
            bump()

    @event.listens_for(engine, "release_savepoint")
    def _released(conn: Connection, _name, _context) -> None:
        _bump_if_dirty(conn)

    @event.listens_for(engine, "rollback_savepoint")
    def _undone(conn: Connection, _name, _context) -> None:
        _bump_if_dirty(conn)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn: Connection) -> None:
        _bump_if_dirty(conn)
        conn.info.pop(_WROTE, None)

    @event.listens_for(engine, "commit")
    def _committing(conn: Connection) -> None:
        conn.info.pop(_DIRTY, None)
        if conn.info.pop(_WROTE, False) and enabled():
            bump()
            conn.info[_AFTER_COMMIT] = True

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record) -> None:
        if record is not None and record.info.pop(_AFTER_COMMIT, False) and enabled():
            bump()
