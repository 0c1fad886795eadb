"""A real Celery worker and beat against Redis send the scheduled digests, once each.

These tests need what the worker sees: a committed database of their own (the `db` fixture's
rolled-back transaction is invisible to another connection) and Redis as the broker. In CI a
missing Redis fails the run instead of skipping it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

import pytest
import redis
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from flask import Flask
from sqlalchemy import func, select

from learning import create_app
from learning.accounts.models import Organisation, User, UserRole
from learning.blockages.models import Blockage
from learning.config import TestConfig
from learning.digests import delivery
from learning.digests.models import Digest
from learning.digests.tasks import BEAT_SCHEDULE
from learning.extensions import db
from learning.mail.models import OutgoingMail
from learning.patterns.models import Pattern, PatternEvent, PatternMember
from learning.timeutil import local_zone
from learning.timeutil import today as local_today
from learning.unit_of_work import commit
from tests.backing_services import (
    REDIS_URL,
    drop_database,
    fresh_database,
    redis_available,
    require,
)
from tests.smtp import running_smtp_server

pytestmark = pytest.mark.redis

WAIT_SECONDS = 30


@dataclass
class Committed:
    app: Flask
    mail: list  # messages received by the SMTP server behind the worker


@pytest.fixture(scope="module")
def committed(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Committed]:
    """A fresh committed database, a real SMTP server and a non-eager app on Redis."""
    require("Redis", redis_available())
    url, name = fresh_database("leernetwerk_digests", tmp_path_factory.mktemp("digests"))
    redis.Redis.from_url(REDIS_URL).flushdb()  # the test broker database only
    with running_smtp_server() as (smtp_port, messages):
        worker_app = create_app(
            "test",
            {
                "SECRET_KEY": "digest-secret",
                "SQLALCHEMY_DATABASE_URI": url,
                "CELERY": {
                    **TestConfig.CELERY,
                    "task_always_eager": False,
                    "broker_url": REDIS_URL,
                },
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": smtp_port,
                "VECTOR_INDEX_PATH": str(tmp_path_factory.mktemp("digests-index") / "v.idx"),
            },
        )
        with worker_app.app_context():
            db.create_all()
        try:
            yield Committed(worker_app, messages)
        finally:
            eager = app.extensions["celery"]  # back to the other tests' eager Celery app
            eager.set_default()
            eager.set_current()  # start_worker made the worker's app current in this thread
            with worker_app.app_context():
                db.session.remove()
                db.engine.dispose()
            if name is not None:
                drop_database(name)


def _subscribers(count: int) -> list[int]:
    """Executives whose weekly digest is due today, and one new pattern to tell them about."""
    tag = uuid.uuid4().hex[:6]
    organisation = Organisation(name=f"Gemeente {tag}")
    users = [
        User(
            email=f"bestuurder{i}.{tag}@oss.test",
            name=f"Bestuurder {i}",
            organisations=[organisation],
            role_rows=[UserRole(role="executive")],
            digest_weekday=local_today().weekday(),
        )
        for i in range(count)
    ]
    db.session.add_all(users)
    yesterday = local_today() - timedelta(days=1)
    noon = datetime.combine(yesterday, clock_time(12), local_zone()).astimezone(UTC)
    pattern = Pattern(title=f"Wachtlijst schuldhulp {tag}", state="nieuw")
    db.session.add(pattern)
    db.session.flush()
    for i in range(6):
        blockage = Blockage(
            title=f"Knelpunt {i}",
            description="De regel past niet.",
            handling="niet_opgelost",
            reporter=users[0],
            organisation=organisation,
            reported_on=yesterday,
        )
        db.session.add(blockage)
        db.session.flush()
        db.session.add(PatternMember(pattern_id=pattern.id, blockage_id=blockage.id))
    db.session.add(PatternEvent(pattern_id=pattern.id, kind="state:nieuw", at=noon, summary="-"))
    commit()
    return [u.id for u in users]


def _wait_for(condition, seconds: float = WAIT_SECONDS) -> bool:
    """Poll a worker running in another thread; real time, as the broker runs in real time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _digests_for(user_ids: list[int]) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Digest.id)).where(Digest.user_id.in_(user_ids)))


def test_worker_and_beat_on_redis_send_each_due_digest_once(committed, tmp_path):
    worker_app = committed.app
    celery_app = worker_app.extensions["celery"]
    celery_app.conf.worker_hijack_root_logger = False  # keep pytest's logging for later tests
    with worker_app.app_context():
        user_ids = _subscribers(3)
        emails = {db.session.get(User, i).email for i in user_ids}
    # The production schedule entry, firing every second: beat fires again and again while
    # the first digests are still being built, as a duplicate beat would.
    celery_app.conf.beat_schedule = {
        name: {**entry, "schedule": 1.0} for name, entry in BEAT_SCHEDULE.items()
    }
    beat = EmbeddedService(
        celery_app, thread=True, schedule_filename=str(tmp_path / "beat-schedule")
    )
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
        beat.start()
        try:
            received = _wait_for(lambda: emails <= {m["To"] for m in committed.mail})
            time.sleep(3)  # let beat fire a few more times: nothing new may arrive
        finally:
            beat.stop()

    assert received, "the worker did not deliver the digests"
    to = [m["To"] for m in committed.mail if m["To"] in emails]
    assert sorted(to) == sorted(emails)
    with worker_app.app_context():
        assert _digests_for(user_ids) == 3
        assert delivery.due_digests() == []


def test_two_workers_racing_for_the_same_digest_build_it_once(committed, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger=delivery.__name__)
    worker_app = committed.app
    with worker_app.app_context():
        (user_id,) = _subscribers(1)
        period = delivery.due_digests()[0].period.key
    both_ready = threading.Barrier(2, timeout=10)
    real_claim = delivery._claim

    def claim_together(user, window):  # both builders reach the claim at the same moment
        both_ready.wait()
        return real_claim(user, window)

    monkeypatch.setattr(delivery, "_claim", claim_together)
    # This test is about building; the worker test covers sending.
    monkeypatch.setattr("learning.mail.services.enqueue_after_commit", lambda *args: None)
    results: list[int | None] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            with worker_app.app_context():
                digest = delivery.queue_digest(user_id, period)
                commit()
                results.append(digest.id if digest else None)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert "was built already" in caplog.text  # the loser's insert found the claim
    assert len(results) == 2
    assert results[0] == results[1]
    assert results[0] is not None
    with worker_app.app_context():
        assert _digests_for([user_id]) == 1
        mails = db.session.scalar(
            select(func.count(OutgoingMail.id)).where(
                OutgoingMail.dedupe_key == delivery.dedupe_key(user_id, period)
            )
        )
        assert mails == 1
