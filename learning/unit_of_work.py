"""Commit once per request/task, then run what must only happen after the data is durable.

Queueing a Celery task or an e-mail before the commit would let a worker look for a row that
does not exist yet, or send mail about a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable

from learning.extensions import db

_KEY = "after_commit_callbacks"


def on_commit(callback: Callable[[], None]) -> None:
    db.session.info.setdefault(_KEY, []).append(callback)


def commit() -> None:
    db.session.commit()
    callbacks = db.session.info.pop(_KEY, [])
    for callback in callbacks:
        callback()


def rollback() -> None:
    db.session.rollback()
    db.session.info.pop(_KEY, None)
