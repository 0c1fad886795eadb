"""Commit once per request/task, then run what must only happen after the data is durable.

Queueing a Celery task or an e-mail before the commit would let a worker look for a row that
does not exist yet, or send mail about a change that was rolled back.

Services never import task modules: they name the task (`enqueue_after_commit`), so the domain
does not depend on the worker, and one broker-down policy holds everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app

from learning.extensions import db

logger = logging.getLogger(__name__)

_KEY = "after_commit_callbacks"


def on_commit(callback: Callable[[], None]) -> None:
    db.session.info.setdefault(_KEY, []).append(callback)


def is_registered(callback: Callable[[], None]) -> bool:
    """Whether `callback` waits for the coming commit (a rollback drops it)."""
    return callback in db.session.info.get(_KEY, [])


def commit() -> None:
    db.session.commit()
    callbacks = db.session.info.pop(_KEY, [])
    for callback in callbacks:
        callback()


def rollback() -> None:
    db.session.rollback()
    db.session.info.pop(_KEY, None)


def enqueue(task_name: str, *args: Any) -> None:
    """Queue a task of this app's Celery now (or run it, in eager mode).

    If the broker is down the work is not lost: every queued task has a periodic catch-up
    (the outbox flush, the embedding catch-up, the daily session run) that finds it later.
    """
    task = current_app.extensions["celery"].tasks[task_name]  # unknown name: a bug, raise
    try:
        task.delay(*args)
    except Exception:
        logger.warning("Could not queue %s%r; its catch-up task will do it later", task_name, args)


class _QueuedTask:
    """A task queued for after the commit; named, so a bulk load can drop what it did itself."""

    def __init__(self, task_name: str, args: tuple[Any, ...]):
        self.task_name = task_name
        self.args = args

    def __call__(self) -> None:
        enqueue(self.task_name, *self.args)


def enqueue_after_commit(task_name: str, *args: Any) -> None:
    """Queue a task once the rows it reads are committed."""
    on_commit(_QueuedTask(task_name, args))


def discard_queued(task_name: str) -> int:
    """Drop the not yet queued runs of one task; returns how many.

    For bulk loads that already did the task's work in one batch (the demo groups all its
    knelpunten at once; a thousand single grouping runs after the commit would redo it).
    """
    callbacks = db.session.info.get(_KEY, [])
    kept = [c for c in callbacks if getattr(c, "task_name", None) != task_name]
    db.session.info[_KEY] = kept
    return len(callbacks) - len(kept)
