"""Celery bound to the Flask app, as in Flask's own Celery pattern."""

from __future__ import annotations

import importlib
import logging

import redis
from celery import Celery, Task
from flask import Flask, has_app_context

logger = logging.getLogger(__name__)

# One module of thin tasks per area, all under worker/.
TASK_MODULES = (
    "worker.tasks",
    "worker.digest_tasks",
    "worker.table_tasks",
    "worker.session_tasks",
)


def redis_reachable(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            if has_app_context():  # eager: already inside the caller's request or command
                return self.run(*args, **kwargs)
            with app.app_context():
                return self.run(*args, **kwargs)

    eager = app.config.get("CELERY_ALWAYS_EAGER")
    if eager is None:
        eager = not redis_reachable(app.config["REDIS_URL"])
        if eager:
            logger.warning("Redis unreachable at start-up: Celery tasks run eagerly in-process")
    app.config["CELERY_EAGER_ACTIVE"] = eager
    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(
        {
            "broker_url": app.config["REDIS_URL"],
            "result_backend": None,
            "task_ignore_result": True,
            "task_always_eager": eager,
            "task_eager_propagates": False,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "broker_connection_retry_on_startup": True,
            "broker_transport_options": {"visibility_timeout": 3600},
            "timezone": "Europe/Amsterdam",
        }
    )
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    for module in TASK_MODULES:  # registers the shared tasks with this app
        importlib.import_module(module)

    return celery_app
