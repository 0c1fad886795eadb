"""Entry point for `celery -A worker.celery_app worker|beat`."""

from __future__ import annotations

from celery.schedules import crontab

from learning import create_app
from worker.digest_tasks import BEAT_SCHEDULE as DIGEST_SCHEDULE

flask_app = create_app()
celery_app = flask_app.extensions["celery"]

celery_app.conf.beat_schedule = {
    "flush-outbox": {"task": "worker.tasks.flush_outbox", "schedule": 60.0},
    "catch-up-embeddings": {"task": "worker.tasks.catch_up_embeddings", "schedule": 300.0},
    **DIGEST_SCHEDULE,
    "rebuild-vector-index": {
        "task": "worker.tasks.rebuild_vector_index",
        "schedule": crontab(minute=30, hour="3"),
    },
    "send-table-reminders": {
        "task": "worker.table_tasks.send_table_reminders",
        "schedule": crontab(minute=45, hour="7"),
    },
    "session-daily": {
        "task": "worker.session_tasks.session_daily",
        "schedule": crontab(minute=15, hour="6"),
    },
}
