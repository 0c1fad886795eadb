"""Entry point for `celery -A worker.celery_app worker|beat`: the app and the beat schedule.

Only bootstrap lives here; the tasks are beside their domain in `learning/<package>/tasks.py`.
"""

from __future__ import annotations

from learning import create_app
from learning.tasking import beat_schedule

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
celery_app.conf.beat_schedule = beat_schedule()
