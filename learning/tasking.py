"""Celery bound to the Flask app, as in Flask's own Celery pattern.

Tasks live beside their domain (`learning/<package>/tasks.py`, `@shared_task`) and are imported
here so that every Celery app built from `create_app` knows them. Whether tasks run eagerly in
the calling process is a setting of the config class (`CELERY["task_always_eager"]`), never a
guess made at start-up.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask, has_app_context


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            if has_app_context():  # eager: already inside the caller's request or command
                return self.run(*args, **kwargs)
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()  # as Flask's pattern does: shared tasks resolve to this app
    app.extensions["celery"] = celery_app
    _import_task_modules()
    return celery_app


def _import_task_modules() -> None:
    """Importing a tasks module registers its shared tasks with every Celery app."""
    from learning.digests import tasks as digest_tasks  # noqa: F401
    from learning.exchange import tasks as exchange_tasks  # noqa: F401
    from learning.insight import tasks as insight_tasks  # noqa: F401
    from learning.mail import tasks as mail_tasks  # noqa: F401
    from learning.notifications import tasks as notification_tasks  # noqa: F401
    from learning.patterns import tasks as pattern_tasks  # noqa: F401
    from learning.sessions import tasks as session_tasks  # noqa: F401
    from learning.tables import tasks as table_tasks  # noqa: F401


def beat_schedule() -> dict:
    """The periodic tasks of every domain, merged for `celery beat`."""
    from learning.digests import tasks as digest_tasks
    from learning.exchange import tasks as exchange_tasks
    from learning.insight import tasks as insight_tasks
    from learning.mail import tasks as mail_tasks
    from learning.notifications import tasks as notification_tasks
    from learning.patterns import tasks as pattern_tasks
    from learning.sessions import tasks as session_tasks
    from learning.tables import tasks as table_tasks

    modules = (
        mail_tasks,
        notification_tasks,
        pattern_tasks,
        table_tasks,
        session_tasks,
        digest_tasks,
        exchange_tasks,
        insight_tasks,
    )
    return {name: entry for module in modules for name, entry in module.BEAT_SCHEDULE.items()}
