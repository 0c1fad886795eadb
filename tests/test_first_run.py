"""The first run's promise, end to end: a notification made while the app is served reaches a
real SMTP server through a real Celery worker process, with links to the host and port the
app is served on (BASE_URL unset). Needs Redis; in CI a missing Redis fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from werkzeug.serving import make_server

from learning import create_app
from learning.accounts.models import Organisation, User, UserRole
from learning.config import TestConfig
from learning.extensions import db
from learning.notifications.models import NotificationKind
from learning.notifications.services import notify
from learning.unit_of_work import commit
from tests.backing_services import (
    REDIS_URL,
    drop_database,
    fresh_database,
    redis_available,
    require,
)
from tests.smtp import running_smtp_server

pytestmark = [pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
# A broker database of its own, so no other test's worker takes this test's tasks.
BROKER_URL = REDIS_URL.rsplit("/", 1)[0] + "/13"
WAIT_SECONDS = 90


def _database(tmp_path: Path) -> tuple[str, str | None]:
    return fresh_database("leernetwerk_firstrun", tmp_path)


def test_a_notification_is_mailed_by_a_worker_process_with_a_link_to_the_served_host(app, tmp_path):
    require("Redis", redis_available())
    url, database = _database(tmp_path)
    redis.Redis.from_url(BROKER_URL).flushdb()
    served_file = tmp_path / "served-url"
    index = tmp_path / "vectors.idx"
    worker = server = None
    with running_smtp_server() as (smtp_port, messages):
        web = create_app(
            "test",
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "BASE_URL": "",
                "RECORD_SERVED_URL": True,
                "SERVED_URL_FILE": str(served_file),
                "VECTOR_INDEX_PATH": str(index),
                "CELERY": {
                    **TestConfig.CELERY,
                    "task_always_eager": False,
                    "broker_url": BROKER_URL,
                },
            },
        )
        try:
            with web.app_context():
                db.create_all()
            server = make_server("127.0.0.1", 0, web, threaded=True)
            port = server.server_port
            threading.Thread(target=server.serve_forever, daemon=True).start()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as page:
                assert page.status == 200
            assert served_file.read_text().strip() == f"http://127.0.0.1:{port}"

            env = {
                **os.environ,
                "LEERNETWERK_ENV": "development",
                "DATABASE_URL": url,
                "REDIS_URL": BROKER_URL,
                "CELERY_ALWAYS_EAGER": "false",
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(smtp_port),
                "BASE_URL": "",
                "SERVED_URL_FILE": str(served_file),
                "VECTOR_INDEX_PATH": str(index),
            }
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "worker.celery_app",
                    "worker",
                    "--pool=solo",
                    "--loglevel=warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            with web.app_context():
                organisation = Organisation(name="Sociaal Wijkteam Maasdal")
                user = User(
                    email="sanne@maasdal.example",
                    name="Sanne (wijkteam)",
                    organisations=[organisation],
                    role_rows=[UserRole(role="professional")],
                    notification_mail="immediately",
                )
                db.session.add(user)
                db.session.flush()
                notify(
                    [user],
                    NotificationKind.PATTERN_STEP,
                    "De werktafel heeft uw patroon opgepakt.",
                    link="/mijn-patronen",
                    about="Wachttijd Wmo",
                )
                commit()  # queues the mail task on Redis for the worker process

            deadline = time.monotonic() + WAIT_SECONDS
            while not messages and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.5)
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            assert messages, "no mail reached the SMTP server"
            message = messages[0]
            assert "sanne@maasdal.example" in message["To"]
            body = message.get_body(preferencelist=("plain",)).get_content()
            assert "De werktafel heeft uw patroon opgepakt." in body
            assert f"http://127.0.0.1:{port}/mijn-patronen" in body
            assert "127.0.0.1:5000" not in body
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
            if server is not None:
                server.shutdown()
            with web.app_context():
                db.session.remove()
                db.engine.dispose()
            app.extensions["celery"].set_default()
            if database:
                drop_database(database)
